//! The two national templates as data: each table's canonical rows, each row's columns,
//! and what kind of figure each cell holds (SPEC §2). `recognize` fills these rows;
//! `check` reads each cell by its [`ColKind`].

use crate::report::Template;

/// The three template tables, in output order.
pub const TABLES: [&str; 3] = ["active_disclosure", "applications", "review_litigation"];

/// Table 二 (2021): rows and their columns.
const ACTIVE_2021: &[(&str, &[&str])] = &[
    ("rules", &["issued", "repealed", "in_force"]),
    ("normative_docs", &["issued", "repealed", "in_force"]),
    ("licensing", &["decisions"]),
    ("penalty", &["decisions"]),
    ("coercion", &["decisions"]),
    ("fees", &["amount"]),
];

/// Table 二 (2019): five blocks, 2- and 3-value rows.
const ACTIVE_2019: &[(&str, &[&str])] = &[
    ("rules", &["new_made", "new_published", "total_published"]),
    (
        "normative_docs",
        &["new_made", "new_published", "total_published"],
    ),
    ("licensing", &["prev_items", "change", "decisions"]),
    ("other_services", &["prev_items", "change", "decisions"]),
    ("penalty", &["prev_items", "change", "decisions"]),
    ("coercion", &["prev_items", "change", "decisions"]),
    ("fees", &["prev_items", "change"]),
    ("procurement", &["purchases", "purchase_amount"]),
];

/// Table 三's columns: six applicant kinds and the total.
pub const APPLICANT_COLS: [&str; 7] = [
    "natural_person",
    "commercial",
    "research",
    "social_welfare",
    "legal_service",
    "other_org",
    "total",
];

/// Result rows of table 三 shared by both templates, before （六）.
const RESULTS_COMMON: [&str; 18] = [
    "granted",
    "partly_granted",
    "denied_state_secret",
    "denied_law_prohibited",
    "denied_safety_stability",
    "denied_third_party",
    "denied_internal_affairs",
    "denied_process_info",
    "denied_enforcement_file",
    "denied_admin_query",
    "unable_not_held",
    "unable_needs_creation",
    "unable_unclear",
    "unprocessed_complaint",
    "unprocessed_duplicate",
    "unprocessed_publication",
    "unprocessed_excessive",
    "unprocessed_confirmation",
];

/// （六）其他处理: three rows in 2021, one in 2019.
const OTHER_2021: [&str; 3] = [
    "other_overdue_correction",
    "other_overdue_fee",
    "other_other",
];
const OTHER_2019: [&str; 1] = ["other"];

/// Table 四's rows and columns (the same in both templates).
pub const REVIEW_ROWS: [&str; 3] = ["review", "litigation_direct", "litigation_after_review"];
pub const REVIEW_COLS: [&str; 5] = ["upheld", "corrected", "other", "pending", "total"];

/// The result rows (予以公开 … 其他处理) whose sum is `results_total` (SPEC §4).
pub fn result_rows(t: Template) -> Vec<&'static str> {
    let mut v = RESULTS_COMMON.to_vec();
    match t {
        Template::T2021 => v.extend(OTHER_2021),
        Template::T2019 => v.extend(OTHER_2019),
    }
    v
}

/// Every canonical row of `table` in template order, with its columns.
pub fn rows(t: Template, table: &str) -> Vec<(&'static str, &'static [&'static str])> {
    match table {
        "active_disclosure" => match t {
            Template::T2021 => ACTIVE_2021.to_vec(),
            Template::T2019 => ACTIVE_2019.to_vec(),
        },
        "applications" => {
            let mut keys = vec!["received", "carried_over"];
            keys.extend(result_rows(t));
            keys.extend(["results_total", "carried_forward"]);
            keys.into_iter().map(|r| (r, &APPLICANT_COLS[..])).collect()
        }
        "review_litigation" => REVIEW_ROWS.iter().map(|r| (*r, &REVIEW_COLS[..])).collect(),
        _ => Vec::new(),
    }
}

/// Table 三 of the mixed form (SPEC §2): template 2021's rows with the single 2019
/// （六）其他处理 row `other` in place of the three 2021 （六） rows.
pub fn applications_single_other() -> Vec<(&'static str, &'static [&'static str])> {
    rows(Template::T2021, "applications")
        .into_iter()
        .filter_map(|(r, cols)| match r {
            "other_overdue_correction" => Some(("other", cols)),
            _ if OTHER_2021.contains(&r) => None,
            _ => Some((r, cols)),
        })
        .collect()
}

/// What a cell holds, which decides how it is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColKind {
    /// A count: a negative or a fraction is `invalid_value`.
    Count,
    /// `change` (本年增/减): a count that may be negative.
    SignedCount,
    /// A money amount: decimals allowed, a unit typed in the cell is read.
    Amount,
}

pub fn col_kind(table: &str, row: &str, col: &str) -> ColKind {
    // The column first: most columns are none of these, told by their length alone.
    match (col, table, row) {
        ("amount", "active_disclosure", "fees") => ColKind::Amount,
        ("purchase_amount", "active_disclosure", "procurement") => ColKind::Amount,
        ("change", "active_disclosure", _) => ColKind::SignedCount,
        _ => ColKind::Count,
    }
}

/// The table's heading in the template, for messages.
pub fn table_label(table: &str) -> &'static str {
    match table {
        "active_disclosure" => "二、主动公开政府信息情况",
        "applications" => "三、收到和处理政府信息公开申请情况",
        "review_litigation" => "四、政府信息公开行政复议、行政诉讼情况",
        _ => "",
    }
}
