//! The seed report (`shared/seeds/000_710136b7b41cfa19.txt`, 康家会镇 2021) rebuilt with
//! the real text of every cell: NBSP padding on either side (`"\u{a0}0"`, `"0\u{a0}"`,
//! and `" 0\u{a0}"` with an ASCII space where the dump has one), the two NBSP-only
//! blank cells, header labels broken over two paragraphs, its mixed section numbers.

use crate::model::Loc;
use crate::report::{Report, Template};

/// The 25 `applications` rows of the seed, each cell's text as in the document.
pub const SEED_APPLICATIONS: [(&str, [&str; 7]); 25] = [
    (
        "received",
        [
            "0", "0\u{a0}", "0\u{a0}", "\u{a0}0", "\u{a0}0", "0\u{a0}", "0\u{a0}",
        ],
    ),
    (
        "carried_over",
        [
            "\u{a0}0", "0\u{a0}", "0\u{a0}", "0\u{a0}", "0\u{a0}", "0\u{a0}", "0\u{a0}",
        ],
    ),
    (
        "granted",
        [
            "\u{a0}0", "0\u{a0}", "0\u{a0}", "\u{a0}0", "\u{a0}0", "0\u{a0}", "0\u{a0}",
        ],
    ),
    (
        "partly_granted",
        [
            "\u{a0}0", "0\u{a0}", "0\u{a0}", "\u{a0}0", "0\u{a0}", "0\u{a0}", "\u{a0}0",
        ],
    ),
    (
        "denied_state_secret",
        [
            "\u{a0}0", "0\u{a0}", "\u{a0}0", "0\u{a0}", "\u{a0}0", "0\u{a0}", "0\u{a0}",
        ],
    ),
    (
        "denied_law_prohibited",
        [
            "0\u{a0}", "0\u{a0}", "0\u{a0}", "\u{a0}0", "0\u{a0}", "0\u{a0}", "0\u{a0}",
        ],
    ),
    (
        "denied_safety_stability",
        [
            "0\u{a0}", "0\u{a0}", "\u{a0}0", "0\u{a0}", "0\u{a0}", "0\u{a0}", "0\u{a0}",
        ],
    ),
    (
        "denied_third_party",
        [
            "0\u{a0}", "0\u{a0}", "\u{a0}0", "\u{a0}0", "\u{a0}0", "0", "0\u{a0}",
        ],
    ),
    (
        "denied_internal_affairs",
        [
            "\u{a0}0", "0\u{a0}", "\u{a0}0", "\u{a0}0", "\u{a0}0", "\u{a0}0", "0\u{a0}",
        ],
    ),
    (
        "denied_process_info",
        [
            "0\u{a0}", "0\u{a0}", "\u{a0}0", "\u{a0}0", "\u{a0}0", " 0\u{a0}", "0\u{a0}",
        ],
    ),
    (
        "denied_enforcement_file",
        [
            "0\u{a0}", "0\u{a0}", "\u{a0}0", "\u{a0}0", "0\u{a0}", "\u{a0}", "0\u{a0}",
        ],
    ),
    (
        "denied_admin_query",
        [
            "\u{a0}0", "0\u{a0}", "\u{a0}0", "\u{a0}0", "\u{a0}0", " 0\u{a0}", "0\u{a0}",
        ],
    ),
    (
        "unable_not_held",
        [
            "\u{a0}0", "0\u{a0}", "0\u{a0}", "\u{a0}0", " 0\u{a0}", " 0\u{a0}", "0\u{a0}",
        ],
    ),
    (
        "unable_needs_creation",
        [
            "0\u{a0}", "0\u{a0}", "\u{a0}0", "\u{a0}0", "\u{a0}0", " 0\u{a0}", "\u{a0}0",
        ],
    ),
    (
        "unable_unclear",
        [
            "0\u{a0}", "0\u{a0}", "0\u{a0}", "\u{a0}0", "\u{a0}0", " 0\u{a0}", "0\u{a0}",
        ],
    ),
    (
        "unprocessed_complaint",
        [
            "0\u{a0}", "0\u{a0}", "0\u{a0}", "\u{a0}0", "\u{a0}0", "\u{a0}0", "0\u{a0}",
        ],
    ),
    (
        "unprocessed_duplicate",
        [
            "0\u{a0}", "0\u{a0}", "0\u{a0}", "0\u{a0}", "\u{a0}0", "\u{a0}0", "\u{a0}0",
        ],
    ),
    (
        "unprocessed_publication",
        [
            "0\u{a0}", "\u{a0}0", "0\u{a0}", "0\u{a0}", "\u{a0}0", "\u{a0}0", "0\u{a0}",
        ],
    ),
    (
        "unprocessed_excessive",
        [
            "0\u{a0}", "\u{a0}0", "\u{a0}0", "\u{a0}0", "\u{a0}", "\u{a0}0", "0\u{a0}",
        ],
    ),
    (
        "unprocessed_confirmation",
        [
            "\u{a0}0", "0\u{a0}", "\u{a0}0", "0\u{a0}", "0\u{a0}", "0\u{a0}", "0\u{a0}",
        ],
    ),
    (
        "other_overdue_correction",
        [
            "0\u{a0}", "0\u{a0}", "\u{a0}0", "0\u{a0}", "0\u{a0}", "\u{a0}0", "0\u{a0}",
        ],
    ),
    (
        "other_overdue_fee",
        [
            "\u{a0}0", "0\u{a0}", "0\u{a0}", "0\u{a0}", "0\u{a0}", "0\u{a0}", "0\u{a0}",
        ],
    ),
    (
        "other_other",
        [
            "\u{a0}0", "\u{a0}0", "0\u{a0}", "0\u{a0}", "0\u{a0}", "0\u{a0}", "\u{a0}0",
        ],
    ),
    (
        "results_total",
        [
            "\u{a0}0", "0\u{a0}", "0\u{a0}", "0\u{a0}", "0\u{a0}", "0\u{a0}", "0\u{a0}",
        ],
    ),
    (
        "carried_forward",
        [
            "\u{a0}0", "0\u{a0}", "\u{a0}0", "0\u{a0}", "0\u{a0}", "0\u{a0}", "0\u{a0}",
        ],
    ),
];

/// The 15 cells of the seed's table 四 value row, left to right.
pub const SEED_REVIEW: [&str; 15] = [
    "\u{a0}0", "0\u{a0}", "0\u{a0}", "0\u{a0}", "\u{a0}0", "\u{a0}0", "0\u{a0}", "\u{a0}0",
    "\u{a0}0", "\u{a0}0", "0\u{a0}", "\u{a0}0", "\u{a0}0", "\u{a0}0", "0\u{a0}",
];

const INTRO: &str = "根据国务院办公厅政府信息与政务公开办公室关于印发《中华人民共和国政府信息公开工作年度报告格式》的通知（国办公开办函〔2021〕30号）和忻州市人民政府办公室《关于认真做好政府信息公开工作年报的督办通知》要求，静乐县康家会镇认真贯彻落实《中华人民共和国政府信息公开条例》，加大政府信息和政务公开工作力度，结合实际情况，认真围绕重点工作和年度目标任务，按照“应公开、尽公开”的要求，扎实有序推进政务公开工作落实，现将我镇2021年政府信息公开情况报告如下：";

const OVERVIEW: &str = "2021年以来，我镇认真贯彻落实上级部门有关政府信息公开工作规定，深入推进行政权力公开透明运行，落实乡镇权责清单，提高办事效率，以公开便民、勤政廉政为基本要求，切实推行了政务信息公开工作，加强了对行政权力的民主监督，方便了群众办事，促进了全镇经济发展和社会政治稳定，取得了一定的成绩。";

const OUTRO: [&str; 9] = [
    "5、 政府信息公开工作存在的主要问题及改进情况",
    "(一)存在的主要问题",
    "2021年我镇政府信息公开工作虽然取得了一些成绩，但距离上级政府与广大群众的期盼还存在一定的距离，主要表现在：",
    "一是信息公开机构力量有待加强。一方面信息公开主要力量集中在党政办，党政办工作又多而杂，工作人员不能全身心的投入到信息公开工作中，另一方面信息公开工作人员变动频繁、身兼数职，“传帮带”作用发挥不尽到位，使得信息公开工作质量不够高、效果不够好。",
    "二是信息公开及时性还需加强。对于新产生的文件、信息公开不够及时，部分站所多次督促后还不能按时上报公开内容，信息公开的监管力度还需要加强，程序还需要优化，避免因信息公开滞后产生不良的社会影响。",
    "(二)改进措施",
    "一是强化政府信息公开工作。加强康家会镇人民政府信息公开网站的建设，持续推进标准化、规范化建设和管理模式，梳理完善信息公开目录，细化公开内容，增强公开实效。按照“依法公开、按时公开”的要求，深化政府信息公开的内容，进一步推动重点领域信息的公开。",
    "二是加强政府信息公开督查考核工作。根据省市考核标准和要求，制定《康家会镇人民政府信息公开工作考核办法》，细化考评内容，让各站所信息公开内容上报工作相互“晒一晒，比一比”，逐步形成以评促改、以评促优良好工作局面。",
    "三是完善政府信息公开工作制度。在做好基础信息公开发布更新的基础上，在政策解读、回应关切等方面进行积极探索，积累经验，形成制度。",
];

/// The seed report as a [`Report`]: its paragraphs, labels and every cell's text.
/// Table 四's second header row keeps 结果维持 on one line (as the seed does); use
/// [`seed_doc`] for the document with that detail.
pub fn seed_report() -> Report {
    let mut r = Report::new(Template::T2021, "康家会镇人民政府", 2021, "2022年1月20日");
    r.title = vec!["康家会镇2021年政府信息公开年度报告".to_owned()];
    r.intro = vec![
        String::new(),
        INTRO.to_owned(),
        "1、 政府信息公开总体情况".to_owned(),
        OVERVIEW.to_owned(),
    ];
    r.outro = OUTRO.iter().map(|s| s.to_string()).collect();
    r.closing = vec![
        String::new(),
        String::new(),
        "康家会镇人民政府".to_owned(),
        "2022年1月20日".to_owned(),
    ];
    for (row, cells) in SEED_APPLICATIONS {
        r.set_app_row(row, cells);
    }
    let review_cols = ["upheld", "corrected", "other", "pending", "total"];
    let review_rows = ["review", "litigation_direct", "litigation_after_review"];
    for (i, text) in SEED_REVIEW.iter().enumerate() {
        r.set(
            "review_litigation",
            review_rows[i / 5],
            review_cols[i % 5],
            *text,
        );
    }
    for (from, to) in [
        ("结果纠正", "结果\n纠正"),
        ("其他结果", "其他\n结果"),
        ("尚未审结", "尚未\n审结"),
    ] {
        r.relabel.insert(from.to_owned(), to.to_owned());
    }
    r
}

/// The seed document: [`seed_report`] with table 四's lower header labels
/// 结果维持 broken over two lines as in the seed (its upper one is not).
pub fn seed_doc() -> crate::model::Doc {
    let r = seed_report();
    let mut doc = r.doc();
    let t4 = r.locate("review_litigation", "review", "upheld").table;
    for cell in [5, 10] {
        doc.cell_mut(Loc {
            table: t4,
            row: 2,
            cell,
        })
        .set_text("结果\n维持");
    }
    doc
}
