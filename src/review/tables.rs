//! The three template tables drawn as the templates lay them out (SPEC §2; the grids
//! of `crates/testdocs/src/report.rs`), each value in its cell with its raw text when
//! it differs, marked cells coloured by their worst anomaly and numbered to the page's
//! problem list, the messages on hover.

use std::collections::HashSet;
use std::fmt::Write as _;

use super::html::{esc, esc_into, visible};
use super::layout::{self, APPLICANT_COLS, AppRow, REVIEW_COLS, REVIEW_ROWS};
use super::load::ReportDoc;
use super::model::{Key, PageModel};

pub(super) fn cell_id(k: &Key) -> String {
    format!("c-{}-{}-{}", k.0, k.1, k.2)
}

/// One value cell: the value, the raw text when it differs, the numbers of its
/// problems linking to the list, the messages on hover.
fn cell(
    out: &mut String,
    m: &PageModel,
    t: &str,
    r: &str,
    c: &str,
    span: usize,
    drawn: &mut HashSet<Key>,
) {
    let k = (t.to_owned(), r.to_owned(), c.to_owned());
    let span_attr = if span > 1 {
        format!(" colspan=\"{span}\"")
    } else {
        String::new()
    };
    let Some(v) = m.cells.get(&k) else {
        let _ = write!(
            out,
            "<td class=\"absent\"{span_attr} title=\"记录中无此单元格\"></td>"
        );
        return;
    };
    drawn.insert(k.clone());
    let sev = v
        .severity
        .map_or(String::new(), |s| format!(" m-{}", s.as_str()));
    let title: Vec<String> = v
        .problems
        .iter()
        .map(|&i| {
            let p = &m.problems[i];
            format!(
                "{}：{}",
                layout::severity_label(p.severity.as_str()),
                p.message
            )
        })
        .collect();
    let _ = write!(
        out,
        "<td class=\"v{sev}\"{span_attr} id=\"{}\" data-key=\"{}\"",
        esc(&cell_id(&k)),
        esc(&format!("{t}.{r}.{c}"))
    );
    if !title.is_empty() {
        let _ = write!(out, " title=\"{}\"", esc(&title.join("\n")));
    }
    out.push('>');
    match &v.value {
        Some(val) => {
            out.push_str("<span class=\"val\">");
            esc_into(out, val);
            out.push_str("</span>");
        }
        None => out.push_str("<span class=\"val null\">空</span>"),
    }
    if v.raw_differs() {
        let raw = v.raw.as_deref().unwrap_or("");
        let _ = write!(
            out,
            "<span class=\"raw\" title=\"原文\">{}</span>",
            esc(&visible(raw))
        );
    }
    for &i in &v.problems {
        let _ = write!(
            out,
            "<a class=\"mk sev-{}\" href=\"#p{}\">{}</a>",
            m.problems[i].severity.as_str(),
            i + 1,
            i + 1
        );
    }
    out.push_str("</td>");
}

/// Table 二 (grid 4): each block a heading row (第二十条第（一）项), a header row
/// (信息内容 + its columns) and its rows; a block of one column spans three, of two
/// spans 1 + 2, as the template prints them. The 2019 blocks are used when the record
/// has 2019 keys, whatever `template` says.
pub(super) fn active(out: &mut String, doc: &ReportDoc, m: &PageModel, drawn: &mut HashSet<Key>) {
    const T: &str = "active_disclosure";
    if !m.order.iter().any(|k| k.0 == T) {
        return;
    }
    let is_2019 = m.order.iter().any(|k| {
        k.0 == T
            && (["new_made", "prev_items", "purchases", "change"].contains(&k.2.as_str())
                || ["other_services", "procurement"].contains(&k.1.as_str()))
    }) || (doc.template.as_deref() == Some("2019")
        && !m.order.iter().any(|k| k.0 == T && k.2 == "issued"));
    let blocks = if is_2019 {
        layout::ACTIVE_2019
    } else {
        layout::ACTIVE_2021
    };
    out.push_str(
        "<table class=\"grid t2\"><colgroup><col class=\"label\"><col><col><col></colgroup>",
    );
    for b in blocks {
        let spans: &[usize] = match b.cols.len() {
            1 => &[3],
            2 => &[1, 2],
            _ => &[1, 1, 1],
        };
        let _ = write!(
            out,
            "<tr><th colspan=\"4\" class=\"block\">{}</th></tr><tr><th>信息内容</th>",
            esc(b.header)
        );
        for ((_, label), span) in b.cols.iter().zip(spans) {
            let _ = write!(out, "<th colspan=\"{span}\">{}</th>", esc(label));
        }
        out.push_str("</tr>");
        for (row, label) in b.rows {
            let _ = write!(out, "<tr><th class=\"rl\">{}</th>", esc(label));
            for ((col, _), span) in b.cols.iter().zip(spans) {
                cell(out, m, T, row, col, *span, drawn);
            }
            out.push_str("</tr>");
        }
    }
    out.push_str("</table>");
}

/// Table 三 (grid 10): three label columns under the 勾稽 note, then 自然人, the five
/// 法人或其他组织 columns and 总计; 三、本年度办理结果 and （三）…（六） merged down
/// their rows, as the template prints them. Only the rows the record has are drawn
/// (a mixed-form report has 2019's single （六） row in a 2021 table).
pub(super) fn applications(out: &mut String, m: &PageModel, drawn: &mut HashSet<Key>) {
    const T: &str = "applications";
    let present: Vec<String> = {
        let mut v: Vec<String> = Vec::new();
        for k in m.order.iter().filter(|k| k.0 == T) {
            if !v.contains(&k.1) {
                v.push(k.1.clone());
            }
        }
        v
    };
    if present.is_empty() {
        return;
    }
    let rows: Vec<AppRow> = layout::app_rows()
        .iter()
        .filter(|r| present.iter().any(|p| p == r.key))
        .copied()
        .collect();
    let unknown: Vec<&String> = present
        .iter()
        .filter(|p| !layout::app_rows().iter().any(|r| r.key == p.as_str()))
        .collect();
    out.push_str("<table class=\"grid t3\"><colgroup><col class=\"g1\"><col class=\"g2\"><col class=\"g3\"><col span=\"7\"></colgroup>");
    out.push_str("<tr><th colspan=\"3\" rowspan=\"3\" class=\"corner\">（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</th><th colspan=\"7\">申请人情况</th></tr>");
    out.push_str("<tr><th rowspan=\"2\">自然人</th><th colspan=\"5\">法人或其他组织</th><th rowspan=\"2\">总计</th></tr><tr>");
    for (_, label) in &APPLICANT_COLS[1..6] {
        let _ = write!(out, "<th>{}</th>", esc(label));
    }
    out.push_str("</tr>");
    let n = rows.len();
    for i in 0..n {
        let r = rows[i];
        out.push_str("<tr>");
        let run = |f: fn(&AppRow) -> Option<&'static str>| {
            rows[i..].iter().take_while(|x| f(x) == f(&r)).count()
        };
        let first_of = |f: fn(&AppRow) -> Option<&'static str>| i == 0 || f(&rows[i - 1]) != f(&r);
        match (r.group, r.sub) {
            (None, _) => {
                let _ = write!(out, "<th colspan=\"3\" class=\"rl\">{}</th>", esc(r.label));
            }
            (Some(g), sub) => {
                if first_of(|x| x.group) {
                    let _ = write!(
                        out,
                        "<th rowspan=\"{}\" class=\"grp\">{}</th>",
                        run(|x| x.group),
                        esc(g)
                    );
                }
                match sub {
                    None => {
                        let _ = write!(out, "<th colspan=\"2\" class=\"rl\">{}</th>", esc(r.label));
                    }
                    Some(s) => {
                        if first_of(|x| x.sub) {
                            let _ = write!(
                                out,
                                "<th rowspan=\"{}\" class=\"sub\">{}</th>",
                                run(|x| x.sub),
                                esc(s)
                            );
                        }
                        let _ = write!(out, "<th class=\"rl\">{}</th>", esc(r.label));
                    }
                }
            }
        }
        for (col, _) in APPLICANT_COLS {
            cell(out, m, T, r.key, col, 1, drawn);
        }
        out.push_str("</tr>");
    }
    for u in unknown {
        let _ = write!(
            out,
            "<tr><th colspan=\"3\" class=\"rl\"><code>{}</code></th>",
            esc(u)
        );
        for (col, _) in APPLICANT_COLS {
            cell(out, m, T, u, col, 1, drawn);
        }
        out.push_str("</tr>");
    }
    out.push_str("</table>");
}

/// Table 四 (grid 15): 行政复议 over five columns, 行政诉讼 over ten (未经复议直接起诉,
/// 复议后起诉, five each), and the fifteen values in one row, as the template prints it.
pub(super) fn review_litigation(out: &mut String, m: &PageModel, drawn: &mut HashSet<Key>) {
    const T: &str = "review_litigation";
    if !m.order.iter().any(|k| k.0 == T) {
        return;
    }
    out.push_str("<div class=\"wide\"><table class=\"grid t4\"><tr><th colspan=\"5\">行政复议</th><th colspan=\"10\">行政诉讼</th></tr><tr>");
    for (_, label) in REVIEW_COLS {
        let _ = write!(out, "<th rowspan=\"2\">{}</th>", esc(label));
    }
    out.push_str(
        "<th colspan=\"5\">未经复议直接起诉</th><th colspan=\"5\">复议后起诉</th></tr><tr>",
    );
    for _ in 0..2 {
        for (_, label) in REVIEW_COLS {
            let _ = write!(out, "<th>{}</th>", esc(label));
        }
    }
    out.push_str("</tr><tr>");
    for (row, _) in REVIEW_ROWS {
        for (col, _) in REVIEW_COLS {
            cell(out, m, T, row, col, 1, drawn);
        }
    }
    out.push_str("</tr></table></div>");
}

/// Cells of the record no layout above draws (a key from another version): listed,
/// so every value is on the page.
pub(super) fn leftovers(out: &mut String, m: &PageModel, drawn: &HashSet<Key>) {
    let rest: Vec<&Key> = m.order.iter().filter(|k| !drawn.contains(*k)).collect();
    if rest.is_empty() {
        return;
    }
    out.push_str("<section id=\"leftover\"><h2>模板之外的单元格</h2><table class=\"grid\"><tr><th>表</th><th>行</th><th>列</th><th>值</th></tr>");
    let mut d = HashSet::new();
    for k in rest {
        let _ = write!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td>",
            esc(&k.0),
            esc(&k.1),
            esc(&k.2)
        );
        cell(out, m, &k.0, &k.1, &k.2, 1, &mut d);
        out.push_str("</tr>");
    }
    out.push_str("</table></section>\n");
}
