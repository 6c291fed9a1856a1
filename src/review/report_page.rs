//! One report's page (`review/reports/R.html`): its three tables drawn as the template
//! lays them out, each value in its cell, marked cells coloured by severity with their
//! problems numbered beside them, then the failed 勾稽 rules as equations, narrative
//! mismatches with their sentence, cross-year findings linking to the other year. An
//! error record gets a page saying why the file could not be read.

use std::collections::HashSet;
use std::fmt::Write as _;

use super::html::{esc, href, visible};
use super::layout;
use super::load::ReportDoc;
use super::model::{Equation, Origin, PageModel, Problem};
use super::page::{self, Links};
use super::tables::{active, applications, cell_id, leftovers, review_litigation};

/// The whole page of `doc`.
pub fn render(doc: &ReportDoc, m: &PageModel, links: &Links) -> String {
    let mut out = String::with_capacity(32 * 1024);
    let agency = doc.report.agency.as_deref().unwrap_or("");
    let title = if agency.is_empty() {
        doc.source.path.clone()
    } else {
        format!(
            "{agency} {}",
            doc.report.year.map(|y| y.to_string()).unwrap_or_default()
        )
    };
    page::head(&mut out, &title, "report", "");
    let _ = write!(
        out,
        "<nav><a href=\"{}\">← 全部报告</a></nav>\n<header><h1>{}</h1>",
        links.index,
        esc(&title)
    );
    meta(&mut out, doc);
    source_links(&mut out, doc, links);
    out.push_str("</header>\n");
    if doc.status == "error" || doc.error.is_some() {
        error_box(&mut out, doc);
    }
    counts(&mut out, m);
    equations(&mut out, m);
    narrative(&mut out, m);
    cross_year(&mut out, m, links);
    let mut drawn = HashSet::new();
    if doc.status != "error" {
        for (table, heading) in layout::TABLES {
            let _ = write!(
                out,
                "<section class=\"table\" id=\"t-{table}\"><h2>{}</h2>",
                esc(heading)
            );
            let before = drawn.len();
            match table {
                "active_disclosure" => active(&mut out, doc, m, &mut drawn),
                "applications" => applications(&mut out, m, &mut drawn),
                _ => review_litigation(&mut out, m, &mut drawn),
            }
            if drawn.len() == before {
                out.push_str("<p class=\"absent-table\">本表未在文档中找到（或未能识别）。</p>");
            }
            problem_list(&mut out, m, |p| p.table.as_deref() == Some(table));
            out.push_str("</section>\n");
        }
        leftovers(&mut out, m, &drawn);
    }
    let known = |p: &Problem| {
        p.table
            .as_deref()
            .is_some_and(|t| layout::TABLES.iter().any(|k| k.0 == t))
    };
    if m.problems
        .iter()
        .any(|p| !known(p) || doc.status == "error")
    {
        out.push_str("<section id=\"other\"><h2>其他问题与说明</h2>");
        problem_list(&mut out, m, |p| !known(p) || doc.status == "error");
        out.push_str("</section>\n");
    }
    page::foot(&mut out);
    out
}

fn meta(out: &mut String, doc: &ReportDoc) {
    let r = &doc.report;
    let mut items: Vec<String> = Vec::new();
    if let Some(a) = &r.agency {
        items.push(format!("机关：{}", esc(a)));
    }
    items.push(format!(
        "年度：{}",
        r.year.map_or("未知".to_owned(), |y| y.to_string())
    ));
    items.push(format!(
        "模板：{}",
        doc.template
            .as_deref()
            .map_or("—".to_owned(), |t| format!("{} 年版", esc(t)))
    ));
    if let Some(p) = &r.published {
        items.push(format!("发布日期：{}", esc(p)));
    }
    items.push(format!(
        "状态：<span class=\"status-{}\">{}</span>",
        esc(&doc.status),
        esc(layout::status_label(&doc.status))
    ));
    let _ = write!(out, "<p class=\"meta\">{}</p>", items.join(" · "));
}

fn source_links(out: &mut String, doc: &ReportDoc, links: &Links) {
    let s = &doc.source;
    let _ = write!(
        out,
        "<p class=\"links\">源文件：<a href=\"{}\">{}</a>",
        links.source,
        esc(&s.path)
    );
    if let Some(note) = &links.source_note {
        let _ = write!(out, "<span class=\"note\">（{}）</span>", esc(note));
    }
    let _ = write!(
        out,
        " · 提取记录：<a href=\"{}\">{}</a>",
        links.json,
        esc(&links.json_label)
    );
    if let Some(f) = &s.format {
        let _ = write!(out, " · 格式：{}", esc(f));
    }
    if let Some(b) = s.bytes {
        let _ = write!(out, " · {b} 字节");
    }
    if !s.sha256.is_empty() {
        let _ = write!(
            out,
            " · <span class=\"sha\" title=\"SHA-256\">{}</span>",
            esc(&s.sha256)
        );
    }
    if let Some(d) = &s.duplicate_of {
        let _ = write!(out, "<br>与 {} 内容相同（重复文件）", esc(d));
    }
    out.push_str("</p>");
}

fn error_box(out: &mut String, doc: &ReportDoc) {
    let e = doc.error.clone().unwrap_or_default();
    let _ = write!(
        out,
        "<section class=\"error-box\"><h2>此文件无法作为报告读取</h2><dl><dt>原因</dt><dd>{}（<code>{}</code>）</dd><dt>说明</dt><dd>{}</dd>",
        esc(layout::error_label(&e.code)),
        esc(&e.code),
        esc(&e.message)
    );
    if let Some(p) = &e.part {
        let _ = write!(out, "<dt>部件</dt><dd><code>{}</code></dd>", esc(p));
    }
    if let Some(o) = e.offset {
        let _ = write!(out, "<dt>字节位置</dt><dd>{o}</dd>");
    }
    out.push_str("</dl></section>\n");
}

fn counts(out: &mut String, m: &PageModel) {
    let [info, warning, error] = m.counts();
    let _ = writeln!(
        out,
        "<p class=\"counts\"><span class=\"badge sev-error\">错误 {error}</span> <span class=\"badge sev-warning\">警告 {warning}</span> <span class=\"badge sev-info\">提示 {info}</span> 各表下方列出本表的问题，编号与单元格内的编号对应。</p>"
    );
}

fn equation_html(e: &Equation) -> String {
    let side = |ops: &[super::model::Operand], sum: Option<&str>| {
        let mut s = ops
            .iter()
            .map(|o| {
                format!(
                    "<span class=\"op\" title=\"{}\">{}</span>",
                    esc(&o.label),
                    esc(o.value.as_deref().unwrap_or("空"))
                )
            })
            .collect::<Vec<_>>()
            .join(" + ");
        if let (true, Some(sum)) = (ops.len() > 1, sum) {
            let _ = write!(s, " = <b>{}</b>", esc(sum));
        }
        s
    };
    format!(
        "{} <span class=\"ne\">≠</span> {}",
        side(&e.lhs, e.expected.as_deref()),
        side(&e.rhs, e.actual.as_deref())
    )
}

fn equations(out: &mut String, m: &PageModel) {
    if m.equations.is_empty() {
        return;
    }
    let _ = write!(
        out,
        "<section id=\"sums\"><h2>勾稽关系不符（{}）</h2><ol class=\"eqs\">",
        m.equations.len()
    );
    for e in &m.equations {
        let p = &m.problems[e.problem];
        let _ = write!(
            out,
            "<li class=\"sev-{}\"><a href=\"#p{}\">{}</a> <span class=\"rule\">{}</span>",
            p.severity.as_str(),
            e.problem + 1,
            esc(&e.place),
            esc(layout::rule_label(&e.rule))
        );
        if !e.text().is_empty() {
            let _ = write!(
                out,
                "<div class=\"eq\" data-rule=\"{}\">{}</div>",
                esc(&e.rule),
                equation_html(e)
            );
        }
        let _ = write!(out, "<div class=\"msg\">{}</div></li>", esc(&p.message));
    }
    out.push_str("</ol><p class=\"hint\">左边为按规则计算的一方，右边为与之比较的公布数；“空”为空白单元格。悬停数字可见其单元格。</p></section>\n");
}

fn narrative(out: &mut String, m: &PageModel) {
    if m.narrative.is_empty() {
        return;
    }
    let _ = write!(
        out,
        "<section id=\"narrative\"><h2>正文与表格不符（{}）</h2><ol>",
        m.narrative.len()
    );
    for n in &m.narrative {
        let p = &m.problems[n.problem];
        let _ = write!(
            out,
            "<li class=\"sev-{}\"><a href=\"#p{}\">{}</a>：正文为 <b>{}</b>，表格为 <b>{}</b>",
            p.severity.as_str(),
            n.problem + 1,
            esc(&n.place),
            esc(n.expected.as_deref().unwrap_or("—")),
            esc(n.actual.as_deref().unwrap_or("空"))
        );
        if let Some(par) = n.paragraph {
            // 0-based, as `nianbao inspect` numbers the body's paragraphs (SPEC §7).
            let _ = write!(out, "（段落 {par}）");
        }
        if let Some(s) = &n.sentence {
            let _ = write!(out, "<blockquote>{}</blockquote>", esc(s));
        }
        let _ = write!(out, "<div class=\"msg\">{}</div></li>", esc(&p.message));
    }
    out.push_str("</ol></section>\n");
}

fn cross_year(out: &mut String, m: &PageModel, links: &Links) {
    let items: Vec<(usize, &Problem)> = m
        .problems
        .iter()
        .enumerate()
        .filter(|(_, p)| matches!(p.origin, Origin::CrossYear(_)))
        .collect();
    if items.is_empty() {
        return;
    }
    let _ = write!(
        out,
        "<section id=\"cross\"><h2>跨年度核对（{}）</h2><ol>",
        items.len()
    );
    for (i, p) in items {
        let Origin::CrossYear(link) = &p.origin else {
            continue;
        };
        let _ = write!(
            out,
            "<li class=\"sev-{}\"><a href=\"#p{}\">{}</a>：{} ",
            p.severity.as_str(),
            i + 1,
            esc(&p.place),
            esc(&p.message)
        );
        let year = link.other_year();
        let label = if link.this_is_later {
            "上一年度报告"
        } else {
            "下一年度报告"
        };
        match &link.other_json {
            Some(json) => {
                let page = json.strip_suffix(".json").unwrap_or(json);
                let _ = write!(
                    out,
                    "→ <a class=\"other-year\" href=\"{}{}.html\">{label}（{} 年，{}）</a>",
                    links.up_to_pages,
                    href(page),
                    esc(year),
                    esc(link.other_path())
                );
            }
            None => {
                let _ = write!(
                    out,
                    "（{label}：{}，{} 年）",
                    esc(link.other_path()),
                    esc(year)
                );
            }
        }
        out.push_str("</li>");
    }
    out.push_str("</ol></section>\n");
}

/// The numbered problems that `keep` selects, each linking to its first cell.
fn problem_list(out: &mut String, m: &PageModel, keep: impl Fn(&Problem) -> bool) {
    let items: Vec<(usize, &Problem)> = m
        .problems
        .iter()
        .enumerate()
        .filter(|(_, p)| keep(p))
        .collect();
    if items.is_empty() {
        return;
    }
    out.push_str("<ol class=\"problems\">");
    for (i, p) in items {
        let kind = match p.origin {
            Origin::Anomaly => "",
            Origin::Note => " note",
            Origin::CrossYear(_) => " cross",
        };
        let _ = write!(
            out,
            "<li id=\"p{}\" value=\"{}\" class=\"sev-{}{kind}\" data-code=\"{}\"><span class=\"badge sev-{}\">{}</span> <span class=\"code\">{}</span> ",
            i + 1,
            i + 1,
            p.severity.as_str(),
            esc(&p.code),
            p.severity.as_str(),
            esc(layout::severity_label(p.severity.as_str())),
            esc(layout::code_label(&p.code)),
        );
        if !p.place.is_empty() {
            match p.cells.iter().find(|k| m.cells.contains_key(*k)) {
                Some(k) => {
                    let _ = write!(
                        out,
                        "<a href=\"#{}\">{}</a> ",
                        href(&cell_id(k)),
                        esc(&p.place)
                    );
                }
                None => {
                    let _ = write!(out, "{} ", esc(&p.place));
                }
            }
        }
        let _ = write!(out, "— {}", esc(&p.message));
        // The raw text when it tells more than the figure shown in the cell (the
        // sentence of a narrative mismatch has its own section).
        let same_as_cell = |raw: &str| {
            p.cells.iter().any(|k| {
                m.cells
                    .get(k)
                    .is_some_and(|c| c.value.as_deref() == Some(raw))
            })
        };
        if let Some(raw) = p
            .raw
            .as_deref()
            .filter(|r| p.code != "narrative_mismatch" && !same_as_cell(r))
        {
            let _ = write!(
                out,
                " <span class=\"raw\" title=\"原文\">「{}」</span>",
                esc(&visible(raw))
            );
        }
        let _ = write!(out, " <code class=\"key\">{}</code></li>", esc(&p.code));
    }
    out.push_str("</ol>");
}
