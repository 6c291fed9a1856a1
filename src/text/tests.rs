//! text: label keys, leading numbers, cell readings and decimals, table-driven.

use super::label::fold_chars;
use super::*;
use pretty_assertions::assert_eq;
use unicode_normalization::UnicodeNormalization;

/// The narrowed fast path of `fold` and `read_cell` against full NFKC, on strings
/// mixing what reports hold (CJK, ASCII, full-width forms, U+3000) with what must
/// take the full path (combining marks after narrowed letters, half-width katakana
/// and its sound marks, compatibility ideographs, ligatures, circled digits).
#[test]
fn narrowed_fast_path_is_nfkc() {
    let pool: Vec<char> = "A1 （）１２３：，。、“”「」一二十规章其它\u{3000}\u{a0}\u{200b}\u{301}\u{308}\u{ff76}\u{ff9e}\u{f900}\u{fb01}\u{2460}\u{ff21}\u{ff41}\u{ff5e}\u{ff5f}\u{ff0e}\u{ff02}\u{1100}\u{1161}e"
        .chars()
        .collect();
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    for _ in 0..5000 {
        let mut text = String::new();
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        for _ in 0..(seed >> 60) {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            text.push(pool[(seed >> 33) as usize % pool.len()]);
        }
        let reference: String = fold_chars(text.nfkc()).collect();
        assert_eq!(fold(&text), reference, "{text:?}");
        let trimmed = trim_cell(&text);
        let full: String = trimmed.nfkc().filter(|c| !is_invisible(*c)).collect();
        let want = read_cell(&full, true);
        assert_eq!(read_cell(&text, true), want, "{text:?}");
    }
}

#[test]
fn label_keys() {
    let cases = [
        ("1.属于国家秘密", "属于国家秘密"),
        ("1、属于国家秘密", "属于国家秘密"),
        ("（1）属于国家秘密", "属于国家秘密"),
        ("(一)予以公开", "予以公开"),
        ("（一）予以公开", "予以公开"),
        (
            "一、本年新收政府信息公开申请数量",
            "本年新收政府信息公开申请数量",
        ),
        ("3.危及“三安全一稳定”", "危及三安全一稳定"),
        ("3.危及\"三安全一稳定\"", "危及三安全一稳定"),
        ("5.属于三类内部事务信息", "属于三类内部事务信息"),
        ("商业\n企业", "商业企业"),
        ("\u{a0}自然人\u{3000}", "自然人"),
        ("本年增/减", "本年增减"),
        ("第二十条第（一）项", "第二十条第一项"),
        ("三安全", "三安全"),
        ("3.其他", "其他"),
        ("（七）总计", "总计"),
        ("四、结转下年度继续办理", "结转下年度继续办理"),
        ("５．重复申请", "重复申请"),
        ("规\u{200b}章", "规章"),
        ("（六）其它处理", "其他处理"),
        ("法人或其它组织", "法人或其他组织"),
    ];
    for (input, want) in cases {
        assert_eq!(label_key(input), want, "{input:?}");
    }
}

#[test]
fn leading_numbers() {
    let cases = [
        ("2.其他法律行政止公开", Some(2)),
        ("2、其他", Some(2)),
        ("（2）其他", Some(2)),
        ("(二)其他", Some(2)),
        ("十二、其他", Some(12)),
        ("２．重复申请", Some(2)),
        ("三安全一稳定", None),
        ("属于国家秘密", None),
        ("3其他", None),
    ];
    for (input, want) in cases {
        assert_eq!(leading_number(input), want, "{input:?}");
    }
}

#[test]
fn label_heads_drop_bracketed_notes() {
    let cases = [
        ("规章（设区的市、自治州人民政府应提供相关数据）", "规章"),
        ("规章(县级无此项)", "规章"),
        ("现行有效件数 (历史累计)", "现行有效件数"),
        (
            "其他主动公开文件（含以本单位名义签发的、除规范性文件以外的主动公开文件）",
            "其他主动公开文件",
        ),
        (
            "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
            "部分公开",
        ),
        ("本年收费金额（单位：万元）", "本年收费金额"),
        (
            "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
            "本列数据的勾稽关系为第一项加第二项之和等于第三项加第四项之和",
        ),
        ("（一）予以公开", "予以公开"),
        ("3.危及“三安全一稳定”", "危及三安全一稳定"),
        ("规范性文件（未闭合", "规范性文件"),
        ("3.其它", "其他"),
    ];
    // Twice: made, then from the thread's cache.
    for _ in 0..2 {
        for (input, want) in cases {
            assert_eq!(label_head_key(input), want, "{input:?}");
        }
    }
    // A text too long to keep is keyed all the same.
    let long = format!("（一）{}（注）", "规章".repeat(200));
    assert_eq!(label_head_key(&long), "规章".repeat(200));
}

fn num(s: &str, unit: Option<&'static str>) -> Reading {
    Reading::Number {
        value: Dec::parse(s).expect("test data"),
        unit,
        note: false,
    }
}

fn noted(s: &str, unit: Option<&'static str>) -> Reading {
    Reading::Number {
        value: Dec::parse(s).expect("test data"),
        unit,
        note: true,
    }
}

#[test]
fn cells() {
    let cases = [
        ("0", false, num("0", None)),
        ("\u{a0}0", false, num("0", None)),
        ("0\u{a0}", false, num("0", None)),
        ("\u{3000}12\u{3000}", false, num("12", None)),
        ("\u{200b}7\u{feff}", false, num("7", None)),
        ("１２", false, num("12", None)),
        ("1,234", false, num("1234", None)),
        ("1，234", false, num("1234", None)),
        ("12,34", false, Reading::Text),
        ("-3", false, num("-3", None)),
        ("0.5", false, num("0.5", None)),
        ("007", false, num("7", None)),
        ("", false, Reading::Blank),
        ("\u{a0}", false, Reading::Blank),
        ("\u{3000}\n", false, Reading::Blank),
        ("—", false, Reading::Placeholder),
        ("——", false, Reading::Placeholder),
        ("-", false, Reading::Placeholder),
        ("－", false, Reading::Placeholder),
        ("/", false, Reading::Placeholder),
        ("／", false, Reading::Placeholder),
        ("无", false, Reading::Placeholder),
        ("见附件", false, Reading::Text),
        ("N/A", false, Reading::Text),
        ("251000元", false, Reading::Text),
        ("251000元", true, num("251000", Some("元"))),
        ("73802895.90元", true, num("73802895.90", Some("元"))),
        ("24252.311082", true, num("24252.311082", None)),
        ("12.5万元", true, num("12.5", Some("万元"))),
        // counts with a measure word: the number, the word kept as the unit
        ("3件", false, num("3", Some("件"))),
        ("12\u{a0}项", false, num("12", Some("项"))),
        ("０个", false, num("0", Some("个"))),
        ("5人次", false, num("5", Some("人次"))),
        ("+21", false, num("21", None)),
        ("件", false, Reading::Text),
        ("3件", true, Reading::Text),
        ("5元", false, Reading::Text),
        ("12件次", false, num("12", Some("件次"))),
        // one figure with a note (SPEC §3)
        ("22（其中修订16件）", false, noted("22", None)),
        ("55（含自然失效29件）", false, noted("55", None)),
        ("55 (含自然失效29件)", false, noted("55", None)),
        ("3件（其中2件已办结）", false, noted("3", Some("件"))),
        ("4【含转办】", false, noted("4", None)),
        ("0（无）", false, noted("0", None)),
        ("12（其中（一）项5件）", false, noted("12", None)),
        ("25.1（含追加）", true, noted("25.1", None)),
        ("96.8（万元）", true, num("96.8", Some("万元"))),
        ("251000（元）", true, num("251000", Some("元"))),
        ("251000（单位：元）", true, num("251000", Some("元"))),
        // still text: something before the figure, a second figure, a note that is
        // only figures, text after without brackets, an unclosed or early-closed note
        ("约20", false, Reading::Text),
        ("3/5", false, Reading::Text),
        ("3 5", false, Reading::Text),
        ("3、5", false, Reading::Text),
        ("3（5）", false, Reading::Text),
        ("3（5件）", false, Reading::Text),
        ("20余", false, Reading::Text),
        ("20多件", false, Reading::Text),
        ("22（其中修订16件", false, Reading::Text),
        ("22（其中）修订", false, Reading::Text),
        ("22（其中）（另）", false, Reading::Text),
        ("3件5件", false, Reading::Text),
        ("（其中修订16件）22", false, Reading::Text),
        ("3.", false, Reading::Text),
        ("96.8（万元）", false, Reading::Text),
    ];
    for (input, unit, want) in cases {
        assert_eq!(read_cell(input, unit), want, "{input:?}");
    }
}

#[test]
fn decimals_keep_digits() {
    for s in ["73802895.90", "24252.311082", "0.05", "-3", "0", "100"] {
        let d = Dec::parse(s).expect("test data");
        assert_eq!(d.to_string(), s);
        assert_eq!(serde_json::to_string(&d.to_number()).expect("test data"), s);
    }
    let a = Dec::parse("1.5").expect("test data");
    let b = Dec::parse("2.25").expect("test data");
    assert_eq!(a.plus(b).to_string(), "3.75");
    assert_eq!(a.minus(b).to_string(), "-0.75");
    assert!(
        Dec::parse("3.00")
            .expect("test data")
            .same_value(Dec::parse("3").expect("test data"))
    );
    assert!(Dec::parse("3.00").expect("test data").is_integral());
    assert!(!Dec::parse("3.01").expect("test data").is_integral());
    let conv = |s: &str, e: i32| {
        Dec::parse(s)
            .expect("test data")
            .times_pow10(e)
            .map(|d| d.to_string())
    };
    assert_eq!(conv("251000", -4).as_deref(), Some("25.1"));
    assert_eq!(conv("73802895.90", -4).as_deref(), Some("7380.28959"));
    assert_eq!(conv("1.5", 4).as_deref(), Some("15000"));
    assert_eq!(conv("0", -4).as_deref(), Some("0"));
    assert_eq!(conv("5", -4).as_deref(), Some("0.0005"));
    assert_eq!(conv("12000", -1).as_deref(), Some("1200"));
    assert_eq!(conv("0.123456789012345", -4), None);
    assert_eq!(conv("12345678901234567890", 4), None);
    assert_eq!(Dec::parse("123456789012345678901"), None);
    assert_eq!(Dec::parse("0.1234567890123456"), None);
    assert_eq!(read_cell("123456789012345678901", false), Reading::Text);
}
