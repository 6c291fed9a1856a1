//! Narrative sentences (SPEC §7) with what a reader must find in each: the one table
//! nianbao's unit tests (`src/check/narrative/tests.rs`) and its document tests
//! (`tests/narrative.rs`, .docx and web pages) run, one line per sentence. Written for a
//! report of 2021 by 静乐县人民政府办公室 ([`crate::Report::new_2021`]), modelled on how
//! published reports word them.
//!
//! A line's statements are `(cell, figure)` with the cell as `table.row.col`; 行政诉讼 is
//! `review_litigation.litigation.total` (the sum of both litigation rows). The lines are
//! read as consecutive paragraphs, in this order: a paragraph's context (another year,
//! whether it or the one before names 公开) is its own and its predecessor's.

/// `(sentence, statements it makes)`. Decoys make none (or only the statement beside
/// the decoy); each class of decoy has at least two lines.
pub const CASES: &[(&str, &[(&str, u64)])] = &[
    // ------------------------------------------------------------ read
    (
        "2021年全区受理政府信息公开申请21件，均在法定期限内答复。",
        &[(RECEIVED, 21)],
    ),
    (
        "2021年，全市共受理政府信息公开申请3119件，答复3050件（含上年度结转申请34件，另有103件顺延到下年度答复），均在法定期限内予以答复。",
        &[(RECEIVED, 3119), (RESULTS, 3050)],
    ),
    (
        "政府信息公开行政复议351件，其中结果维持72件，结果纠正64件，其他结果178件，尚未审结37件；政府信息公开行政诉讼46件，其中结果维持25件，结果纠正5件，其他结果9件，尚未审结7件。",
        &[(REVIEW, 351), (LITIGATION, 46)],
    ),
    (
        "本年度共收到政府信息公开申请十二件，办结一百零五件。",
        &[(RECEIVED, 12), (RESULTS, 105)],
    ),
    ("上年结转政府信息公开申请两件。", &[(CARRIED_OVER, 2)]),
    (
        "上年度结转政府信息公开申请３件，结转下年度继续办理〇件。",
        &[(CARRIED_OVER, 3), (CARRIED_FORWARD, 0)],
    ),
    (
        "其中予以公开9件、部分公开1件。",
        &[(GRANTED, 9), (PARTLY, 1)],
    ),
    (
        "共受理申请15件，其中予以公开9件，部分公开1件，结转下年度（继续）办理3件。",
        &[
            (RECEIVED, 15),
            (GRANTED, 9),
            (PARTLY, 1),
            (CARRIED_FORWARD, 3),
        ],
    ),
    (
        "静乐县人民政府办公室2021年新收政府信息公开申请15件。",
        &[(RECEIVED, 15)],
    ),
    ("本年制发规范性文件3件，废止1件。", &[(NORMATIVE, 3)]),
    ("全年新制发行政规范性文件二件。", &[(NORMATIVE, 2)]),
    (
        "本年度未发生政府信息公开行政复议、行政诉讼案件。",
        &[(REVIEW, 0), (LITIGATION, 0)],
    ),
    (
        "未被申请行政复议，未被提起行政诉讼。",
        &[(REVIEW, 0), (LITIGATION, 0)],
    ),
    ("无因政府信息公开引起的行政诉讼。", &[(LITIGATION, 0)]),
    ("没有发生行政复议。", &[(REVIEW, 0)]),
    (
        "政府信息公开行政复议、行政诉讼均为0。",
        &[(REVIEW, 0), (LITIGATION, 0)],
    ),
    (
        "发生政府信息公开行政复议1起，行政诉讼2起。",
        &[(REVIEW, 1), (LITIGATION, 2)],
    ),
    ("已办结政府信息公开申请20件。", &[(RESULTS, 20)]),
    ("1.受理政府信息公开申请8件。", &[(RECEIVED, 8)]),
    ("收到政府信息公开申请共计１２件。", &[(RECEIVED, 12)]),
    ("办结的政府信息公开申请1,234件。", &[(RESULTS, 1234)]),
    ("二〇二一年共受理政府信息公开申请6件。", &[(RECEIVED, 6)]),
    (
        "行政复议、行政诉讼情况：本年度无因政府信息公开工作被申请行政复议、提起行政诉讼的情况。",
        &[(REVIEW, 0), (LITIGATION, 0)],
    ),
    (
        "因政府信息公开申请行政复议0件，提起行政诉讼0件。",
        &[(REVIEW, 0), (LITIGATION, 0)],
    ),
    // ------------------------------------------------------------ decoys
    // under 其中, or a sub-unit's / applicant type's figure
    (
        "共受理政府信息公开申请95件，其中区政府办受理17件。",
        &[(RECEIVED, 95)],
    ),
    ("其中自然人申请5件，法人或其他组织申请2件。", &[]),
    (
        "区政府办代表区政府受理政府信息公开申请17件，均已在法定期限内予以答复。",
        &[],
    ),
    (
        "共收到申请10件，其中自然人申请8件，予以公开6件。",
        &[(RECEIVED, 10)],
    ),
    ("其中通过网络受理申请6件。", &[]),
    // a percentage, a rate, a change
    ("政府信息公开申请按时办结率100%。", &[]),
    ("受理申请同比增长20%。", &[]),
    ("收到申请较上年减少2件。", &[]),
    (
        "共收到政府信息公开申请20件，同比增加3件。",
        &[(RECEIVED, 20)],
    ),
    // another year, a date
    ("2020年收到政府信息公开申请5件。", &[]),
    ("去年受理申请10件。", &[]),
    ("统计期限为2021年1月1日至2021年12月31日。", &[]),
    ("2019年以来累计受理申请300件。", &[]),
    ("二〇二〇年共受理政府信息公开申请6件。", &[]),
    // 主动公开 (no table holds it)
    ("主动公开政府信息1136条。", &[]),
    (
        "在政府网站平台主动发布各类政府信息2428条，解读信息发布7条。",
        &[],
    ),
    // a range
    ("受理政府信息公开申请约20件。", &[]),
    ("收到申请20余件。", &[]),
    ("办结近30件。", &[]),
    ("受理申请超过100件。", &[]),
    ("全年收到申请100多件。", &[]),
    ("受理申请20件左右。", &[]),
    // a clause naming two cells
    ("收到并办结政府信息公开申请5件。", &[]),
    ("上年结转和本年新收申请共12件。", &[]),
    ("行政复议和行政诉讼共3件。", &[]),
    // ordinals and list numbers
    ("受理的第3件申请已办结。", &[]),
    ("行政复议第二起案件已审结。", &[]),
    ("三、收到和处理政府信息公开申请情况", &[]),
    ("第二十条第（一）项规定的信息予以公开。", &[]),
    // figures without a measure word, or of another measure
    ("一、本年新收政府信息公开申请数量 95 0 0 0 0 0 95", &[]),
    ("受理申请后一个月内答复。", &[]),
    // applications or cases not tied to disclosure: 申请 of any kind in a paragraph (and
    // the one before it) that never says 公开; cases in a sentence that never says it
    ("三、政务服务情况", &[]),
    ("全年共受理申请12000件，办结12000件。", &[]),
    ("全年共收到行政复议申请50件。", &[]),
    ("全年被申请行政复议3件，行政诉讼1件。", &[]),
    ("区政务服务中心全年办结各类事项1000件。", &[]),
    // a part of the cases, not their number
    ("行政复议结果维持1件。", &[]),
    ("未发生行政复议被纠错的情况。", &[]),
    ("未经复议直接起诉1件。", &[]),
];

pub const RECEIVED: &str = "applications.received.total";
pub const CARRIED_OVER: &str = "applications.carried_over.total";
pub const GRANTED: &str = "applications.granted.total";
pub const PARTLY: &str = "applications.partly_granted.total";
pub const RESULTS: &str = "applications.results_total.total";
pub const CARRIED_FORWARD: &str = "applications.carried_forward.total";
pub const REVIEW: &str = "review_litigation.review.total";
pub const LITIGATION: &str = "review_litigation.litigation.total";
pub const NORMATIVE: &str = "active_disclosure.normative_docs.issued";
