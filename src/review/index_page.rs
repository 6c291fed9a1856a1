//! The batch at a glance (`review/index.html`): counts by status, template and year,
//! anomalies by code and severity as an inline SVG chart, the files that could not be
//! read and why, and the list of every report, sortable and filterable in the page.
//!
//! The list's rows are a JavaScript array in `index-data.js`, loaded by a relative
//! `<script src>` (a page opened from the file system cannot fetch JSON) and drawn 200
//! at a time by the page's own script, so 10,000 reports open at once.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde_json::{Value, json};

use super::html::{esc, href};
use super::layout;
use super::load::CrossYearDoc;
use super::page;

/// What the index knows of one record (read in the first pass).
#[derive(Debug, Clone, Default)]
pub struct Entry {
    /// `reports/`-relative path of the JSON (`series/a-2021.json`).
    pub json: String,
    pub source_path: String,
    pub agency: Option<String>,
    pub year: Option<i64>,
    pub template: Option<String>,
    pub status: String,
    pub error_code: Option<String>,
    pub error_message: Option<String>,
    /// Anomalies of the record by severity: info, warning, error.
    pub counts: [usize; 3],
    pub narrative: usize,
    pub cross: usize,
    /// (code, severity) of each anomaly, for the chart.
    pub codes: Vec<(String, String)>,
}

impl Entry {
    /// Its page, relative to `review/`.
    pub fn page_href(&self) -> String {
        let stem = self.json.strip_suffix(".json").unwrap_or(&self.json);
        format!("reports/{}.html", href(stem))
    }
}

/// A record that could not be parsed: its path and the parser's located message.
#[derive(Debug, Clone)]
pub struct Unparsed {
    pub json: String,
    pub error: String,
}

/// `index-data.js`: one array per report, in the column order `assets/index.js`
/// reads (href, path, agency, year, template, status, errors, warnings, infos,
/// narrative mismatches, cross-year findings, error code). JSON is valid JavaScript;
/// U+2028/U+2029 are escaped for older engines.
pub fn data_js(entries: &[Entry]) -> String {
    let mut out = String::from(
        "// nianbao review: the report list of index.html (a script, since file:// pages cannot fetch JSON).\nwindow.NIANBAO_REPORTS = [\n",
    );
    for (i, e) in entries.iter().enumerate() {
        let row = json!([
            e.page_href(),
            e.source_path,
            e.agency,
            e.year,
            e.template,
            e.status,
            e.counts[2],
            e.counts[1],
            e.counts[0],
            e.narrative,
            e.cross,
            e.error_code,
        ]);
        let text = row
            .to_string()
            .replace('\u{2028}', "\\u2028")
            .replace('\u{2029}', "\\u2029");
        out.push_str(&text);
        out.push_str(if i + 1 < entries.len() { ",\n" } else { "\n" });
    }
    out.push_str("];\n");
    out
}

fn card(out: &mut String, title: &str, rows: &[(String, usize)]) {
    let _ = write!(out, "<div class=\"card\"><h3>{}</h3><table>", esc(title));
    for (k, n) in rows {
        let _ = write!(out, "<tr><td>{}</td><td class=\"n\">{n}</td></tr>", esc(k));
    }
    out.push_str("</table></div>");
}

/// Bars per anomaly code, one segment per severity, in SVG drawn here (no library).
pub fn chart(by_code: &BTreeMap<String, [usize; 3]>) -> String {
    let mut bars: Vec<(&String, &[usize; 3])> = by_code.iter().collect();
    bars.sort_by(|a, b| {
        b.1.iter()
            .sum::<usize>()
            .cmp(&a.1.iter().sum())
            .then(a.0.cmp(b.0))
    });
    let max = bars
        .iter()
        .map(|b| b.1.iter().sum::<usize>())
        .max()
        .unwrap_or(0)
        .max(1);
    let (label_w, bar_w, row_h, top) = (260.0, 520.0, 24.0, 28.0);
    let height = top + row_h * bars.len() as f64 + 8.0;
    let mut s = String::new();
    let _ = write!(
        s,
        "<svg id=\"chart\" role=\"img\" aria-label=\"按代码与严重程度统计的问题\" viewBox=\"0 0 {w} {height}\" width=\"{w}\" height=\"{height}\">",
        w = label_w + bar_w + 70.0
    );
    let colors = [
        ("error", "#c62828"),
        ("warning", "#e39b1b"),
        ("info", "#4a8fe0"),
    ];
    for (i, (sev, color)) in colors.iter().enumerate() {
        let x = label_w + i as f64 * 90.0;
        let _ = write!(
            s,
            "<rect x=\"{x}\" y=\"6\" width=\"12\" height=\"12\" fill=\"{color}\"/><text x=\"{}\" y=\"17\" font-size=\"12\">{}</text>",
            x + 16.0,
            layout::severity_label(sev)
        );
    }
    for (i, (code, n)) in bars.iter().enumerate() {
        let y = top + i as f64 * row_h;
        let _ = write!(
            s,
            "<g class=\"bar\" data-code=\"{c}\"><text x=\"{}\" y=\"{}\" font-size=\"12\" text-anchor=\"end\">{} <tspan fill=\"#5f6368\" font-size=\"10\">{c}</tspan></text>",
            label_w - 8.0,
            y + 15.0,
            esc(layout::code_label(code)),
            c = esc(code)
        );
        let mut x = label_w;
        // error, warning, info from left to right: the worst first.
        for (sev, color) in colors {
            let k = match sev {
                "error" => n[2],
                "warning" => n[1],
                _ => n[0],
            };
            if k == 0 {
                continue;
            }
            let w = (bar_w * k as f64 / max as f64).max(2.0);
            let _ = write!(
                s,
                "<rect x=\"{x:.1}\" y=\"{}\" width=\"{w:.1}\" height=\"16\" fill=\"{color}\" data-severity=\"{sev}\" data-count=\"{k}\"><title>{}：{} {k}</title></rect>",
                y + 3.0,
                esc(code),
                layout::severity_label(sev)
            );
            x += w;
        }
        let _ = write!(
            s,
            "<text x=\"{:.1}\" y=\"{}\" font-size=\"12\">{}</text></g>",
            x + 6.0,
            y + 15.0,
            n.iter().sum::<usize>()
        );
    }
    s.push_str("</svg>");
    s
}

/// The whole `index.html`.
pub fn render(
    dir_label: &str,
    entries: &[Entry],
    unparsed: &[Unparsed],
    cross: Option<&[CrossYearDoc]>,
    summary: Option<&Value>,
) -> String {
    let mut out = String::with_capacity(64 * 1024);
    page::head(&mut out, &format!("{} 份报告", entries.len()), "index", "");
    let _ = write!(
        out,
        "<header><h1>政府信息公开工作年度报告 · 批量审阅</h1><p class=\"meta\">输出文件夹：<code>{}</code> · {} 份提取记录",
        esc(dir_label),
        entries.len()
    );
    if let Some(files) = summary.and_then(|s| s.get("files")).and_then(Value::as_u64)
        && files as usize != entries.len() + unparsed.len()
    {
        let _ = write!(
            out,
            " · <span class=\"status-error\">summary.json 记有 {files} 个文件，与 reports/ 中的记录数不同（输出可能来自多次运行）</span>"
        );
    }
    out.push_str("</p></header>\n");

    // Counts.
    let mut status: BTreeMap<String, usize> = BTreeMap::new();
    let mut templates: BTreeMap<String, usize> = BTreeMap::new();
    let mut years: BTreeMap<String, usize> = BTreeMap::new();
    let mut sev = [0usize; 3];
    let mut by_code: BTreeMap<String, [usize; 3]> = BTreeMap::new();
    let sev_i = |s: &str| match s {
        "error" => 2,
        "info" => 0,
        _ => 1,
    };
    for e in entries {
        *status
            .entry(layout::status_label(&e.status).to_owned())
            .or_default() += 1;
        *templates
            .entry(
                e.template
                    .as_deref()
                    .map_or("—（无法读取）".to_owned(), |t| format!("{t} 年版")),
            )
            .or_default() += 1;
        *years
            .entry(e.year.map_or("未知".to_owned(), |y| y.to_string()))
            .or_default() += 1;
        for (code, s) in &e.codes {
            by_code.entry(code.clone()).or_default()[sev_i(s)] += 1;
            sev[sev_i(s)] += 1;
        }
    }
    let mut cross_sev = [0usize; 3];
    for c in cross.unwrap_or(&[]) {
        by_code.entry(c.code.clone()).or_default()[sev_i(&c.severity)] += 1;
        cross_sev[sev_i(&c.severity)] += 1;
    }
    out.push_str("<section id=\"batch\"><h2>本批概况</h2><div class=\"cards\">");
    let _ = write!(
        out,
        "<div class=\"card\"><h3>提取记录</h3><div class=\"n\" id=\"n-reports\">{}</div></div>",
        entries.len()
    );
    let list =
        |m: &BTreeMap<String, usize>| m.iter().map(|(k, v)| (k.clone(), *v)).collect::<Vec<_>>();
    card(&mut out, "状态", &list(&status));
    card(&mut out, "模板", &list(&templates));
    card(&mut out, "年度", &list(&years));
    card(
        &mut out,
        "报告内的问题",
        &[
            ("错误".into(), sev[2]),
            ("警告".into(), sev[1]),
            ("提示".into(), sev[0]),
        ],
    );
    match cross {
        Some(_) => card(
            &mut out,
            "跨年度核对",
            &[
                ("错误".into(), cross_sev[2]),
                ("警告".into(), cross_sev[1]),
                ("提示".into(), cross_sev[0]),
            ],
        ),
        None => out.push_str("<div class=\"card\"><h3>跨年度核对</h3>无 batch_anomalies.csv</div>"),
    }
    other_summary(&mut out, summary);
    out.push_str("</div></section>\n");

    out.push_str("<section id=\"anomalies\"><h2>问题按代码与严重程度</h2>");
    if by_code.is_empty() {
        out.push_str("<p>本批没有任何问题记录。</p>");
    } else {
        out.push_str(&chart(&by_code));
    }
    out.push_str("</section>\n");

    unreadable(&mut out, entries, unparsed);

    out.push_str(concat!(
        "<section id=\"reports\"><h2>全部报告</h2><div class=\"controls\">",
        "<input type=\"search\" id=\"f-q\" placeholder=\"按机关或文件名筛选\" aria-label=\"按机关或文件名筛选\">",
        "<select id=\"f-status\" aria-label=\"状态\"><option value=\"\">全部状态</option><option value=\"ok\">已读取</option><option value=\"error\">无法读取</option></select>",
        "<select id=\"f-year\" aria-label=\"年度\"><option value=\"\">全部年度</option></select>",
        "<select id=\"f-template\" aria-label=\"模板\"><option value=\"\">全部模板</option></select>",
        "<select id=\"f-issues\" aria-label=\"问题\"><option value=\"\">不限问题</option><option value=\"error\">有错误</option><option value=\"warning\">有错误或警告</option><option value=\"narrative\">正文与表格不符</option><option value=\"cross\">跨年度不衔接</option><option value=\"none\">没有问题</option></select>",
        "<span id=\"count\"></span></div>",
        "<div class=\"pager\"><button id=\"prev\" type=\"button\">上一页</button><span id=\"pageno\"></span> <button id=\"next\" type=\"button\">下一页</button></div>",
        "<noscript><p class=\"status-error\">报告列表由页面脚本绘制，请允许本页运行 JavaScript；各报告页在 review/reports/ 下。</p></noscript>",
        "<table class=\"list\" id=\"list\"><thead><tr>",
        "<th data-key=\"path\">文件</th><th data-key=\"agency\">机关</th><th data-key=\"year\">年度</th><th data-key=\"template\">模板</th><th data-key=\"status\">状态</th>",
        "<th data-key=\"error\">错误</th><th data-key=\"warning\">警告</th><th data-key=\"info\">提示</th><th data-key=\"narrative\">正文不符</th><th data-key=\"cross\">跨年</th>",
        "</tr></thead><tbody id=\"rows\"></tbody></table></section>\n",
        "<script src=\"index-data.js\"></script>\n<script>"
    ));
    out.push_str(include_str!("assets/index.js"));
    out.push_str("</script>\n");
    page::foot(&mut out);
    out
}

/// Top-level numbers of summary.json this page does not show elsewhere (counts other
/// versions or other developers' stages add, such as files of other formats), as
/// written.
fn other_summary(out: &mut String, summary: Option<&Value>) {
    const SHOWN: [&str; 7] = [
        "nianbao",
        "files",
        "status",
        "templates",
        "anomalies",
        "batch_anomalies",
        "reports_with_errors",
    ];
    let Some(obj) = summary.and_then(Value::as_object) else {
        out.push_str("<div class=\"card\"><h3>summary.json</h3>未找到</div>");
        return;
    };
    let rows: Vec<(String, String)> = obj
        .iter()
        .filter(|(k, _)| !SHOWN.contains(&k.as_str()))
        .filter(|(_, v)| !v.as_object().is_some_and(|o| o.is_empty()))
        .map(|(k, v)| (summary_label(k), flat(v)))
        .collect();
    if rows.is_empty() {
        return;
    }
    out.push_str("<div class=\"card\"><h3>summary.json 其他统计</h3><table>");
    for (k, v) in rows {
        let _ = write!(
            out,
            "<tr><td><code>{}</code></td><td><code>{}</code></td></tr>",
            esc(&k),
            esc(&v)
        );
    }
    out.push_str("</table></div>");
}

/// The files that could not be read: error code and message, linking to their page.
/// At most `LIMIT` listed here; all are in the list below (status filter).
fn unreadable(out: &mut String, entries: &[Entry], unparsed: &[Unparsed]) {
    const LIMIT: usize = 200;
    let errors: Vec<&Entry> = entries.iter().filter(|e| e.status == "error").collect();
    let _ = write!(
        out,
        "<section id=\"unreadable\"><h2>无法读取的文件（{}）</h2>",
        errors.len() + unparsed.len()
    );
    if errors.is_empty() && unparsed.is_empty() {
        out.push_str("<p>本批所有文件都已读取。</p></section>\n");
        return;
    }
    let mut codes: BTreeMap<&str, usize> = BTreeMap::new();
    for e in &errors {
        *codes
            .entry(e.error_code.as_deref().unwrap_or(""))
            .or_default() += 1;
    }
    out.push_str("<p>");
    for (c, n) in &codes {
        let _ = write!(
            out,
            "<span class=\"badge sev-error\">{} <code>{}</code> {n}</span> ",
            esc(layout::error_label(c)),
            esc(c)
        );
    }
    out.push_str("</p><table class=\"list\" id=\"errors\"><thead><tr><th>文件</th><th>原因</th><th>说明</th></tr></thead><tbody>");
    for e in errors.iter().take(LIMIT) {
        let code = e.error_code.as_deref().unwrap_or("");
        let _ = write!(
            out,
            "<tr data-code=\"{}\"><td><a href=\"{}\">{}</a></td><td>{}<br><code>{}</code></td><td>{}</td></tr>",
            esc(code),
            e.page_href(),
            esc(&e.source_path),
            esc(layout::error_label(code)),
            esc(code),
            esc(e.error_message.as_deref().unwrap_or(""))
        );
    }
    for u in unparsed {
        let _ = write!(
            out,
            "<tr data-code=\"unreadable_record\"><td><code>reports/{}</code></td><td>提取记录无法解析</td><td>{}</td></tr>",
            esc(&u.json),
            esc(&u.error)
        );
    }
    out.push_str("</tbody></table>");
    if errors.len() > LIMIT {
        let _ = write!(
            out,
            "<p class=\"hint\">只列出前 {LIMIT} 个；全部 {} 个见下方列表（状态选“无法读取”）。</p>",
            errors.len()
        );
    }
    out.push_str("</section>\n");
}

/// A summary.json key in words, with the key beside it.
fn summary_label(key: &str) -> String {
    let words = match key {
        "error_codes" => "无法读取的原因",
        "other_files" => "未作为报告读取的其他文件（按扩展名）",
        "not_files" => "非普通文件",
        "duplicates" => "重复文件",
        "notes" => "说明",
        "narrative" => "正文核对（语句 / 已比较 / 不符）",
        _ => return key.to_owned(),
    };
    format!("{words} {key}")
}

/// A summary value on one line: an object as `key n, key n`.
fn flat(v: &Value) -> String {
    match v {
        Value::Object(o) => o
            .iter()
            .map(|(k, v)| format!("{k} {}", flat(v)))
            .collect::<Vec<_>>()
            .join(", "),
        Value::String(s) => s.clone(),
        v => v.to_string(),
    }
}
