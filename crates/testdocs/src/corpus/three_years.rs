//! The three-year series of one agency (`corpus/series/`): three reports, each consistent,
//! with exactly one cross-year link broken ([`series`]).

use crate::report::{Report, Template};

/// The agency of the three-year series in `corpus/series/`.
pub const SERIES_AGENCY: &str = "云河市清源区教育局";

/// The three-year series of [`SERIES_AGENCY`] (`corpus/series/education-{2020,2021,2022}.docx`):
/// 2020 on the 2019 template, 2021 and 2022 on the 2021 template. Each report is
/// internally consistent (every 勾稽 rule holds); across years exactly one link breaks,
/// 2021 → 2022:
///
/// | check | 2020 → 2021 | 2021 → 2022 |
/// |---|---|---|
/// | carried_forward(Y) = carried_over(Y+1) | holds: (2, 1, 0, 0, 0, 0, 3) both | breaks at `natural_person` (3 → 4) and `total` (4 → 5); `legal_service` 1 = 1 holds |
/// | rules in_force | not made (2020 is template 2019) | holds: 2 + 1 − 0 = 3 |
/// | normative_docs in_force | not made | breaks: 15 + 4 − 2 = 17, published 18 |
///
/// So `nianbao extract corpus/series` writes three `batch_anomalies.csv` rows, all
/// for `education-2022.docx` against `education-2021.docx`: `carry_over_mismatch`
/// natural_person (expected 3, actual 4), `carry_over_mismatch` total (4, 5),
/// `in_force_mismatch` normative_docs (17, 18).
pub fn series() -> [Report; 3] {
    [series_2020(), series_2021(), series_2022()]
}

/// 2020 (template 2019): received (8, 3, 0, 0, 1, 0, 12) + carried_over (1, 0, …, 1) =
/// results_total (7, 2, 0, 0, 1, 0, 10) + carried_forward (2, 1, 0, 0, 0, 0, 3); results
/// granted (4, 1, …, 5), partly_granted (1, …, 1), unable_not_held (2, 0, 0, 0, 1, 0, 3),
/// other (0, 1, …, 1).
pub fn series_2020() -> Report {
    let mut r = Report::new(Template::T2019, SERIES_AGENCY, 2020, "2021年1月25日");
    for (row, col, v) in [
        ("normative_docs", "new_made", "3"),
        ("normative_docs", "new_published", "3"),
        ("normative_docs", "total_published", "12"),
        ("licensing", "prev_items", "5"),
        ("licensing", "decisions", "40"),
        ("fees", "prev_items", "1"),
        ("fees", "change", "-1"),
        ("procurement", "purchases", "4"),
        ("procurement", "purchase_amount", "126.5"),
    ] {
        r.set("active_disclosure", row, col, v);
    }
    for (row, cells) in [
        ("received", ["8", "3", "0", "0", "1", "0", "12"]),
        ("carried_over", ["1", "0", "0", "0", "0", "0", "1"]),
        ("granted", ["4", "1", "0", "0", "0", "0", "5"]),
        ("partly_granted", ["1", "0", "0", "0", "0", "0", "1"]),
        ("unable_not_held", ["2", "0", "0", "0", "1", "0", "3"]),
        ("other", ["0", "1", "0", "0", "0", "0", "1"]),
        ("results_total", ["7", "2", "0", "0", "1", "0", "10"]),
        ("carried_forward", ["2", "1", "0", "0", "0", "0", "3"]),
    ] {
        r.set_app_row(row, cells);
    }
    for (col, v) in [("upheld", "1"), ("total", "1")] {
        r.set("review_litigation", "review", col, v);
    }
    r
}

/// 2021: carried_over (2, 1, 0, 0, 0, 0, 3) = 2020's carried_forward; received (10, 2,
/// 1, 0, 1, 0, 14) + carried_over = results_total (9, 3, 1, 0, 0, 0, 13) +
/// carried_forward (3, 0, 0, 0, 1, 0, 4); rules 0/0/2, normative_docs 3/1/15.
pub fn series_2021() -> Report {
    let mut r = Report::new(Template::T2021, SERIES_AGENCY, 2021, "2022年1月21日");
    for (row, col, v) in [
        ("rules", "in_force", "2"),
        ("normative_docs", "issued", "3"),
        ("normative_docs", "repealed", "1"),
        ("normative_docs", "in_force", "15"),
        ("licensing", "decisions", "52"),
        ("penalty", "decisions", "6"),
    ] {
        r.set("active_disclosure", row, col, v);
    }
    for (row, cells) in [
        ("received", ["10", "2", "1", "0", "1", "0", "14"]),
        ("carried_over", ["2", "1", "0", "0", "0", "0", "3"]),
        ("granted", ["5", "2", "1", "0", "0", "0", "8"]),
        ("partly_granted", ["1", "0", "0", "0", "0", "0", "1"]),
        ("denied_third_party", ["1", "0", "0", "0", "0", "0", "1"]),
        ("unable_not_held", ["2", "1", "0", "0", "0", "0", "3"]),
        ("results_total", ["9", "3", "1", "0", "0", "0", "13"]),
        ("carried_forward", ["3", "0", "0", "0", "1", "0", "4"]),
    ] {
        r.set_app_row(row, cells);
    }
    for (col, v) in [("upheld", "1"), ("pending", "1"), ("total", "2")] {
        r.set("review_litigation", "review", col, v);
    }
    r
}

/// 2022: carried_over (4, 0, 0, 0, 1, 0, 5) — 2021 carried forward 3 and 4 in all, the
/// break; received (12, 3, 0, 1, 0, 1, 17) + carried_over = results_total (15, 3, 0, 1,
/// 1, 1, 21) + carried_forward (1, 0, …, 1); rules 1/0/3 (2 + 1 − 0, holds),
/// normative_docs 4/2/18 (15 + 4 − 2 = 17, the other break).
pub fn series_2022() -> Report {
    let mut r = Report::new(Template::T2021, SERIES_AGENCY, 2022, "2023年1月18日");
    for (row, col, v) in [
        ("rules", "issued", "1"),
        ("rules", "in_force", "3"),
        ("normative_docs", "issued", "4"),
        ("normative_docs", "repealed", "2"),
        ("normative_docs", "in_force", "18"),
        ("licensing", "decisions", "61"),
        ("penalty", "decisions", "4"),
        ("fees", "amount", "0.85"),
    ] {
        r.set("active_disclosure", row, col, v);
    }
    for (row, cells) in [
        ("received", ["12", "3", "0", "1", "0", "1", "17"]),
        ("carried_over", ["4", "0", "0", "0", "1", "0", "5"]),
        ("granted", ["7", "2", "0", "1", "0", "0", "10"]),
        ("partly_granted", ["2", "0", "0", "0", "0", "0", "2"]),
        ("denied_process_info", ["1", "0", "0", "0", "0", "0", "1"]),
        ("unable_not_held", ["3", "1", "0", "0", "1", "0", "5"]),
        ("unprocessed_duplicate", ["1", "0", "0", "0", "0", "0", "1"]),
        ("other_other", ["1", "0", "0", "0", "0", "1", "2"]),
        ("results_total", ["15", "3", "0", "1", "1", "1", "21"]),
        ("carried_forward", ["1", "0", "0", "0", "0", "0", "1"]),
    ] {
        r.set_app_row(row, cells);
    }
    for (col, v) in [("corrected", "1"), ("total", "1")] {
        r.set("review_litigation", "litigation_direct", col, v);
    }
    r
}
