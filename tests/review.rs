//! `nianbao review` end to end: generated reports (a sum mismatch, placeholders and
//! text in number cells, blanks, a cross-year series, a file that is not a report, an
//! agency name with markup in it) extracted by the built binary, reviewed, and the
//! pages loaded from the file system by a real browser (headless Chromium) whose
//! rendered DOM is checked: the marked cells, the equations, the list sorted and
//! filtered through the address's hash. Without Chromium the browser half is skipped
//! with a SKIPPED line (a failure when NIANBAO_REQUIRE_TOOLS=1).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use testdocs::corpus;

fn nianbao(args: &[&str]) -> std::process::Output {
    let out = Command::new(env!("CARGO_BIN_EXE_nianbao"))
        .args(args)
        .output()
        .expect("run nianbao");
    assert!(
        out.status.success(),
        "nianbao {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// The batch, built, extracted and reviewed once for every test of this file.
struct Batch {
    out: PathBuf,
    review_stdout: String,
}

fn batch() -> &'static Batch {
    static B: OnceLock<Batch> = OnceLock::new();
    B.get_or_init(|| {
        let root = std::env::temp_dir().join(format!("nianbao-review-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        let input = root.join("in");
        std::fs::create_dir_all(input.join("series")).expect("mkdir");
        let docx = |r: testdocs::Report| testdocs::docxrs::write(&r.doc());
        let docs: Vec<(&str, Vec<u8>)> = vec![
            (
                "unbalanced-2021.docx",
                docx(corpus::with_narrative(
                    corpus::unbalanced_2021().published_by(
                        "云河市清源区卫生健康局",
                        2021,
                        "2022年1月28日",
                    ),
                )),
            ),
            (
                "placeholders-2021.docx",
                docx(corpus::placeholders_2021().published_by(
                    "云河市清源区东关镇人民政府",
                    2021,
                    "2022年1月20日",
                )),
            ),
            (
                "blanks-2019.docx",
                docx(corpus::blanks_2019().published_by(
                    "云河市人民政府办公厅",
                    2019,
                    "2020年1月20日",
                )),
            ),
            (
                "markup-2021.docx",
                docx(corpus::clean_2021().published_by(
                    "云河市<b>清源区</b>审计局",
                    2021,
                    "2022年1月21日",
                )),
            ),
            ("not-a-report.docx", b"just some bytes, not a zip".to_vec()),
        ];
        for (name, bytes) in docs {
            std::fs::write(input.join(name), bytes).expect("write doc");
        }
        for (i, r) in corpus::series().into_iter().enumerate() {
            let name = format!("series/education-{}.docx", 2020 + i);
            std::fs::write(input.join(name), docx(r)).expect("write series");
        }
        let out = root.join("out");
        let (i, o) = (input.to_str().unwrap(), out.to_str().unwrap());
        nianbao(&["extract", i, "--out", o, "--quiet"]);
        let review = nianbao(&["review", o, "--source-root", i]);
        Batch {
            out,
            review_stdout: String::from_utf8_lossy(&review.stdout).into_owned(),
        }
    })
}

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn files_under(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).expect("read_dir") {
        let p = e.expect("entry").path();
        if p.is_dir() {
            files_under(&p, out);
        } else {
            out.push(p);
        }
    }
}

#[test]
fn every_record_gets_a_page_and_the_line_ends_with_the_index() {
    let b = batch();
    let line = b.review_stdout.trim_end();
    let index = b.out.join("review/index.html");
    assert!(line.ends_with(&format!("→ {}", index.display())), "{line}");
    assert!(line.contains("8 reports (1 unreadable)"), "{line}");
    let mut records = Vec::new();
    files_under(&b.out.join("reports"), &mut records);
    assert_eq!(records.len(), 8);
    for r in records {
        let rel = r
            .strip_prefix(b.out.join("reports"))
            .unwrap()
            .with_extension("html");
        assert!(
            b.out.join("review/reports").join(&rel).is_file(),
            "{}",
            rel.display()
        );
    }
    let data = read(&b.out.join("review/index-data.js"));
    assert_eq!(data.matches("\n[").count(), 8, "{data}");
}

/// Nothing on any page comes from the network: no http(s) URL in a src or href or a
/// style's url(), and every page carries a CSP that allows only its own files.
#[test]
fn pages_reference_nothing_outside_the_file_system() {
    let b = batch();
    let mut pages = Vec::new();
    files_under(&b.out.join("review"), &mut pages);
    assert!(pages.len() >= 10);
    let attr = regex::Regex::new(
        r#"(?i)(src|href)\s*=\s*["']?\s*(https?:|//)|url\(\s*["']?(https?:|//)|@import"#,
    )
    .unwrap();
    for p in &pages {
        let text = read(p);
        assert!(!attr.is_match(&text), "{}: network reference", p.display());
        if p.extension().is_some_and(|e| e == "html") {
            assert!(
                text.contains("http-equiv=\"Content-Security-Policy\" content=\"default-src 'self' file: 'unsafe-inline'; connect-src 'none'"),
                "{}",
                p.display()
            );
        }
    }
}

#[test]
fn links_reach_the_record_the_source_and_the_other_year() {
    let b = batch();
    let page = read(&b.out.join("review/reports/series/education-2022.html"));
    // review/reports/series/ → out/reports/series/…json and in/series/…docx.
    assert!(
        page.contains("href=\"../../../reports/series/education-2022.json\""),
        "json link"
    );
    assert!(
        page.contains("href=\"../../../../in/series/education-2022.docx\""),
        "source link"
    );
    assert!(
        page.contains("class=\"other-year\" href=\"../series/education-2021.html\""),
        "other year"
    );
    let earlier = read(&b.out.join("review/reports/series/education-2021.html"));
    assert!(earlier.contains("href=\"../series/education-2022.html\""));
    assert!(b.out.join("reports/series/education-2022.json").is_file());
    assert!(b.out.join("../in/series/education-2022.docx").is_file());
}

// ---- the browser ----

/// Chromium, or `None` after a SKIPPED line (a panic when NIANBAO_REQUIRE_TOOLS=1).
fn chromium(test: &str) -> Option<PathBuf> {
    let found = std::env::var_os("NIANBAO_CHROMIUM")
        .map(PathBuf::from)
        .into_iter()
        .chain(["/usr/bin/chromium", "/usr/bin/chromium-browser"].map(PathBuf::from))
        .find(|p| p.is_file());
    if found.is_none() {
        let why = "chromium not installed (apt-get install chromium)";
        if std::env::var_os("NIANBAO_REQUIRE_TOOLS").is_some_and(|v| v == "1") {
            panic!("{test}: {why}, and NIANBAO_REQUIRE_TOOLS=1");
        }
        eprintln!("SKIPPED: {test}: {why}");
    }
    found
}

/// The DOM Chromium rendered for `url` after the page's scripts ran, with no network
/// (every host name resolves to nothing), a throwaway profile, 60 s at most.
fn dump_dom(chrome: &Path, url: &str) -> String {
    let profile = tempdir("chromium-profile");
    let mut child = Command::new(chrome)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--host-resolver-rules=MAP * ~NOTFOUND",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg("--dump-dom")
        .arg(url)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start chromium");
    let mut stdout = child.stdout.take().expect("stdout");
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut stdout, &mut s).map(|_| s)
    });
    let start = Instant::now();
    loop {
        if child.try_wait().expect("wait chromium").is_some() {
            break;
        }
        if start.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("chromium took over 60 s on {url}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = std::fs::remove_dir_all(&profile);
    reader.join().expect("reader").expect("chromium output")
}

fn tempdir(tag: &str) -> PathBuf {
    static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let p = std::env::temp_dir().join(format!("nianbao-{tag}-{}-{n}", std::process::id()));
    std::fs::create_dir_all(&p).expect("mkdir");
    p
}

fn file_url(p: &Path) -> String {
    format!("file://{}", p.canonicalize().expect("canonical").display())
}

/// The text of the element that starts at the first match of `start` (tags dropped,
/// the few entities the pages use decoded).
fn text_of(dom: &str, start: &str, end: &str) -> String {
    let i = dom
        .find(start)
        .unwrap_or_else(|| panic!("{start} not in DOM"));
    let rest = &dom[i..];
    let j = rest.find(end).expect("end tag");
    let tags = regex::Regex::new(r"<[^>]*>").unwrap();
    tags.replace_all(&rest[..j + end.len()], "")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// The `<td …>` start tag of the cell `key` (`applications.received.total`).
fn cell_tag<'a>(dom: &'a str, key: &str) -> &'a str {
    let needle = format!("data-key=\"{key}\"");
    let i = dom.find(&needle).unwrap_or_else(|| panic!("no cell {key}"));
    let s = dom[..i].rfind("<td").expect("td");
    let e = i + dom[i..].find('>').expect(">");
    &dom[s..=e]
}

fn cell_html<'a>(dom: &'a str, key: &str) -> &'a str {
    let tag = cell_tag(dom, key);
    let s = dom.find(tag).unwrap();
    let e = s + dom[s..].find("</td>").unwrap();
    &dom[s..e]
}

#[test]
fn browser_renders_marked_cells_and_equations() {
    let Some(chrome) = chromium("browser_renders_marked_cells_and_equations") else {
        return;
    };
    let b = batch();
    let dom = dump_dom(
        &chrome,
        &file_url(&b.out.join("review/reports/unbalanced-2021.html")),
    );
    // The five failed rules of unbalanced_2021 (testdocs::corpus), each as its equation.
    assert!(dom.contains("勾稽关系不符（5）"));
    assert_eq!(
        text_of(
            &dom,
            "<div class=\"eq\" data-rule=\"column_balance\">",
            "</div>"
        ),
        "16 + 3 = 19 ≠ 15 + 3 = 18"
    );
    assert_eq!(
        text_of(&dom, "<div class=\"eq\" data-rule=\"row_total\">", "</div>"),
        "10 + 3 + 1 + 1 + 0 + 0 = 15 ≠ 16"
    );
    // results_total research: the 21 result rows of template 2021, 予以公开's 2 first.
    let results = text_of(
        &dom,
        "<div class=\"eq\" data-rule=\"results_total\">",
        "</div>",
    );
    assert_eq!(results, format!("2{} = 2 ≠ 1", " + 0".repeat(20)));
    // The overview's 收到 15 and 行政复议 2 against the tables' 16 and 3, with their sentences.
    assert!(dom.contains("正文与表格不符（2）"));
    assert!(dom.contains("正文为 <b>15</b>，表格为 <b>16</b>（段落 4）<blockquote>2021年，本机关共收到政府信息公开申请15件"));
    assert!(dom.contains("正文为 <b>2</b>，表格为 <b>3</b>"));
    let received = cell_html(&dom, "applications.received.total");
    assert_eq!(
        received.matches("<a class=\"mk sev-").count(),
        3,
        "{received}"
    );
    for key in [
        "applications.received.total",
        "applications.granted.total",
        "applications.results_total.research",
        "applications.carried_forward.total",
        "review_litigation.review.total",
    ] {
        assert!(
            cell_tag(&dom, key).contains("class=\"v m-error\""),
            "{key}: {}",
            cell_tag(&dom, key)
        );
    }
    for key in [
        "applications.received.natural_person",
        "applications.granted.research",
    ] {
        assert!(
            cell_tag(&dom, key).contains("class=\"v\""),
            "{key} unmarked"
        );
    }
    assert!(
        cell_html(&dom, "review_litigation.review.total").contains("<span class=\"val\">3</span>")
    );
    // The template's layout: 行政复议 over five columns, 三、本年度办理结果 merged down.
    assert!(dom.contains("<th colspan=\"5\">行政复议</th><th colspan=\"10\">行政诉讼</th>"));
    assert!(dom.contains("class=\"grp\">三、本年度办理结果</th>"));

    let dom = dump_dom(
        &chrome,
        &file_url(&b.out.join("review/reports/placeholders-2021.html")),
    );
    let lic = cell_html(&dom, "active_disclosure.licensing.decisions");
    assert!(lic.contains("class=\"v m-info\""), "{lic}");
    assert!(
        lic.contains("<span class=\"val\">0</span><span class=\"raw\" title=\"原文\">—</span>"),
        "{lic}"
    );
    let fees = cell_html(&dom, "active_disclosure.fees.amount");
    assert!(
        fees.contains("m-warning") && fees.contains("val null") && fees.contains(">见附件<"),
        "{fees}"
    );

    let dom = dump_dom(
        &chrome,
        &file_url(&b.out.join("review/reports/blanks-2019.html")),
    );
    // The 2019 table 二: five blocks, 政府集中采购 in the last.
    assert!(dom.contains("第二十条第（九）项"));
    let blank = cell_html(&dom, "active_disclosure.rules.new_made");
    assert!(
        blank.contains("m-warning") && blank.contains("<span class=\"val null\">空</span>"),
        "{blank}"
    );
    assert!(dom.contains("空白按 0 时勾稽成立"));

    let dom = dump_dom(
        &chrome,
        &file_url(&b.out.join("review/reports/not-a-report.html")),
    );
    assert!(dom.contains("此文件无法作为报告读取"));
    assert!(dom.contains("<code>not_a_zip</code>"));
}

/// The rows of the index's list as (path, agency) in the order shown.
fn listed(dom: &str) -> Vec<(String, String)> {
    let re = regex::Regex::new(r#"<tr (?:class="status-error" )?data-path="([^"]*)"[^>]*><td><a [^>]*>[^<]*</a></td><td>([^<]*)</td>"#).unwrap();
    let body = &dom[dom.find("<tbody id=\"rows\">").expect("rows")..];
    re.captures_iter(body)
        .map(|c| (c[1].to_owned(), c[2].to_owned()))
        .collect()
}

#[test]
fn browser_sorts_and_filters_the_index_from_its_hash() {
    let Some(chrome) = chromium("browser_sorts_and_filters_the_index_from_its_hash") else {
        return;
    };
    let b = batch();
    let index = file_url(&b.out.join("review/index.html"));
    let dom = dump_dom(&chrome, &index);
    let all = listed(&dom);
    assert_eq!(all.len(), 8, "{all:?}");
    // By path by default; the agency with markup is text, not markup.
    assert_eq!(all[0].0, "blanks-2019.docx");
    assert!(
        all.iter()
            .any(|r| r.1 == "云河市&lt;b&gt;清源区&lt;/b&gt;审计局"),
        "{all:?}"
    );
    assert!(!dom.contains("<b>清源区</b>"));
    assert!(dom.contains("id=\"count\" data-shown=\"8\""));
    // The chart, drawn as inline SVG: sum_mismatch's five errors.
    assert!(dom.contains("data-code=\"sum_mismatch\""));
    assert!(dom.contains("fill=\"#c62828\" data-severity=\"error\" data-count=\"5\""));
    // The unreadable file with its code.
    assert!(dom.contains("<tr data-code=\"not_a_zip\"><td><a href=\"reports/not-a-report.html\">not-a-report.docx</a>"));

    let dom = dump_dom(&chrome, &format!("{index}#sort=-error"));
    assert_eq!(listed(&dom)[0].0, "unbalanced-2021.docx");
    assert!(dom.contains("data-key=\"error\" aria-sort=\"descending\""));

    let dom = dump_dom(&chrome, &format!("{index}#q=%E6%95%99%E8%82%B2&sort=-year"));
    let rows: Vec<String> = listed(&dom).into_iter().map(|r| r.0).collect();
    assert_eq!(
        rows,
        [
            "series/education-2022.docx",
            "series/education-2021.docx",
            "series/education-2020.docx"
        ]
    );

    let dom = dump_dom(&chrome, &format!("{index}#status=error"));
    let rows: Vec<String> = listed(&dom).into_iter().map(|r| r.0).collect();
    assert_eq!(rows, ["not-a-report.docx"]);

    let dom = dump_dom(&chrome, &format!("{index}#issues=cross&year=2021"));
    let rows: Vec<String> = listed(&dom).into_iter().map(|r| r.0).collect();
    assert_eq!(rows, ["series/education-2021.docx"]);
}
