//! What every review page shares: the head (charset, a Content-Security-Policy that
//! allows nothing from the network, the inline style sheet), the foot, and the links a
//! report page needs, computed once by the driver.

use super::html::esc;

/// The style sheet, inline in every page so a page saved alone still reads; the print
/// rules drop the navigation and keep marked cells' colours.
pub const CSS: &str = include_str!("assets/review.css");

/// `default-src 'self' file:` lets a page load its own folder's script files (the
/// index's data) and nothing from the network; inline style and script are the page's
/// own code.
pub const CSP: &str =
    "default-src 'self' file: 'unsafe-inline'; connect-src 'none'; img-src 'self' data:";

/// The links of one report page, relative to the page.
#[derive(Debug, Clone, Default)]
pub struct Links {
    /// To `review/index.html`.
    pub index: String,
    /// From the page's folder to `review/reports/` (for the other year's page).
    pub up_to_pages: String,
    /// To `reports/R.json`, and how it is shown.
    pub json: String,
    pub json_label: String,
    /// To the source file: through `--source-root` when given, else `source.path`
    /// as the record gives it, with `source_note` saying so.
    pub source: String,
    pub source_note: Option<String>,
}

pub fn head(out: &mut String, title: &str, class: &str, extra_head: &str) {
    out.push_str("<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
    out.push_str("<meta http-equiv=\"Content-Security-Policy\" content=\"");
    out.push_str(CSP);
    out.push_str("\"><title>");
    out.push_str(&esc(title));
    out.push_str(" · nianbao 审阅</title><style>");
    out.push_str(CSS);
    out.push_str("</style>");
    out.push_str(extra_head);
    out.push_str("</head>\n<body class=\"");
    out.push_str(class);
    out.push_str("\">\n");
}

pub fn foot(out: &mut String) {
    out.push_str(concat!(
        "<footer>由 nianbao ",
        env!("CARGO_PKG_VERSION"),
        " review 根据输出文件夹中的提取记录生成；离线页面，不访问网络。</footer>\n</body></html>\n"
    ));
}
