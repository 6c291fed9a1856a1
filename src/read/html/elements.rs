//! What an element is to the walk: not shown (with its subtree), a block box, site
//! chrome by a class or id word or an ARIA role; and what hides one — an inline `style`
//! ([`style_hides`]) or a rule of the page's own `<style>` ([`Hidden`]).

use std::collections::HashSet;

use html5ever::{LocalName, local_name};

use super::sink::{Data, Dom, Id};

/// Elements whose subtree the browser does not show as text (atoms compared: one
/// integer each).
pub(super) fn not_shown(name: &LocalName) -> bool {
    matches!(
        *name,
        local_name!("script")
            | local_name!("style")
            | local_name!("template")
            | local_name!("noscript")
            | local_name!("head")
            | local_name!("title")
            | local_name!("iframe")
            | local_name!("object")
            | local_name!("embed")
            | local_name!("select")
            | local_name!("textarea")
            | local_name!("img")
            | local_name!("video")
            | local_name!("audio")
            | local_name!("canvas")
            | local_name!("map")
            | local_name!("input")
            | local_name!("frameset")
            | local_name!("frame")
            | local_name!("param")
            | local_name!("source")
            | local_name!("track")
            | local_name!("datalist")
            | local_name!("dialog")
    )
}

/// Elements that start and end a block box (the HTML spec's rendering section).
pub(super) fn is_block(name: &LocalName) -> bool {
    matches!(
        *name,
        local_name!("address")
            | local_name!("article")
            | local_name!("aside")
            | local_name!("blockquote")
            | local_name!("body")
            | local_name!("center")
            | local_name!("dd")
            | local_name!("details")
            | local_name!("dir")
            | local_name!("div")
            | local_name!("dl")
            | local_name!("dt")
            | local_name!("fieldset")
            | local_name!("figcaption")
            | local_name!("figure")
            | local_name!("footer")
            | local_name!("form")
            | local_name!("h1")
            | local_name!("h2")
            | local_name!("h3")
            | local_name!("h4")
            | local_name!("h5")
            | local_name!("h6")
            | local_name!("header")
            | local_name!("hgroup")
            | local_name!("hr")
            | local_name!("html")
            | local_name!("legend")
            | local_name!("li")
            | local_name!("listing")
            | local_name!("main")
            | local_name!("menu")
            | local_name!("nav")
            | local_name!("ol")
            | local_name!("p")
            | local_name!("plaintext")
            | local_name!("pre")
            | local_name!("search")
            | local_name!("section")
            | local_name!("summary")
            | local_name!("ul")
            | local_name!("xmp")
    )
}

/// Words of a class or id that name site chrome (split on `-` and `_`, lowercased).
pub(super) const CHROME_WORDS: &[&str] = &[
    "nav",
    "navbar",
    "navigation",
    "menu",
    "breadcrumb",
    "breadcrumbs",
    "crumb",
    "crumbs",
    "sidebar",
    "footer",
    "copyright",
    "related",
    "share",
    "banner",
];

/// ARIA roles of site chrome.
pub(super) const CHROME_ROLES: &[&str] = &[
    "navigation",
    "banner",
    "contentinfo",
    "complementary",
    "search",
    "menu",
    "menubar",
];

/// Whether an inline `style` hides the element: `display: none`, `visibility: hidden` or
/// `collapse`, or Word's `mso-hide: all` (hidden text saved as HTML).
pub fn style_hides(style: &str) -> bool {
    // Only a declaration of one of the three properties hides: a style with no `:`
    // right after one of their names (most of Word's `mso-…` styles) is passed over
    // without being split. Each declaration's property is what precedes a `:` (after
    // the `;` before it), trimmed as below: so every style that hides has such a `:`,
    // and the few `:` of a style are found at once, where a byte-by-byte look for the
    // names' first letters was most of this function's instructions.
    let names = |colon: usize| {
        let b = style[..colon].trim_end().as_bytes();
        let ends = |p: &[u8]| b.len() >= p.len() && b[b.len() - p.len()..].eq_ignore_ascii_case(p);
        ends(b"display") || ends(b"visibility") || ends(b"mso-hide")
    };
    if !memchr::memchr_iter(b':', style.as_bytes()).any(names) {
        return false;
    }
    style.split(';').any(|decl| {
        let Some((prop, value)) = decl.split_once(':') else {
            return false;
        };
        let value = value.trim();
        let value = value.strip_suffix("!important").unwrap_or(value).trim();
        // ASCII case ignored, nothing allocated: Word's pages carry a style on most
        // elements.
        let (prop, is) = (prop.trim(), |v: &str| value.eq_ignore_ascii_case(v));
        if prop.eq_ignore_ascii_case("display") {
            is("none")
        } else if prop.eq_ignore_ascii_case("visibility") {
            is("hidden") || is("collapse")
        } else if prop.eq_ignore_ascii_case("mso-hide") {
            is("all")
        } else {
            false
        }
    })
}

/// Classes and ids a page's own `<style>` hides.
#[derive(Debug, Default)]
pub(super) struct Hidden {
    pub(super) classes: HashSet<String>,
    pub(super) ids: HashSet<String>,
}

/// The classes and ids that a `<style>` element's rules hide (`.hide{display:none}`,
/// `#tpl, .x { visibility: hidden }`, `div.hide{…}`): rules of simple selectors only,
/// outside `@media` and other at-rules (a print stylesheet hides nothing on screen).
pub(super) fn hidden_selectors(dom: &Dom) -> Hidden {
    let mut h = Hidden::default();
    for (i, n) in dom.nodes.iter().enumerate() {
        let Data::Element(e) = &n.data else { continue };
        if !e.is("style") {
            continue;
        }
        let mut css = String::new();
        for c in dom.children(i as Id) {
            if let Some(Data::Text(t)) = dom.node(c).map(|n| &n.data) {
                css.push_str(t);
            }
        }
        rules(&css, &mut h);
    }
    h
}

fn rules(css: &str, h: &mut Hidden) {
    let css = strip_comments(css);
    let mut rest = css.as_str();
    while let Some(open) = rest.find('{') {
        let selectors = rest[..open].trim();
        let body_start = open + 1;
        // the block's end, nested braces (an at-rule's rules) counted
        let mut depth = 1usize;
        let mut end = rest.len();
        for (i, c) in rest[body_start..].char_indices() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        end = body_start + i;
                        break;
                    }
                }
                _ => {}
            }
        }
        let body = &rest[body_start..end];
        if !selectors.starts_with('@') && style_hides(body) {
            for sel in selectors.split(',') {
                let sel = sel.trim();
                let simple = |s: &str| {
                    !s.is_empty()
                        && s.chars()
                            .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
                };
                let tail = sel.trim_start_matches(|c: char| c.is_ascii_alphanumeric());
                if let Some(class) = tail.strip_prefix('.').filter(|c| simple(c)) {
                    h.classes.insert(class.to_owned());
                } else if let Some(id) = tail.strip_prefix('#').filter(|c| simple(c)) {
                    h.ids.insert(id.to_owned());
                }
            }
        }
        rest = rest.get(end + 1..).unwrap_or("");
    }
}

fn strip_comments(css: &str) -> String {
    let mut out = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(i) = rest.find("/*") {
        out.push_str(&rest[..i]);
        rest = rest[i + 2..]
            .find("*/")
            .map_or("", |j| &rest[i + 2 + j + 2..]);
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::style_hides;

    /// The shortcut over styles that name no hiding property keeps every answer.
    #[test]
    fn style_hides_as_before() {
        for (style, hides) in [
            ("display:none", true),
            ("DISPLAY : None !important", true),
            ("font-family:宋体;mso-hide:all", true),
            ("mso-hide: ALL;x:y", true),
            ("visibility:collapse", true),
            ("visibility: visible; display: block", false),
            ("mso-bidi-font-size:10.5pt;font-family:宋体", false),
            ("displa", false),
            ("", false),
            ("d", false),
            ("color:red;display", false),
            ("xdisplay:none", false),
            ("display\u{3000}:none", true),
            ("font:1;  Visibility\t: HIDDEN", true),
            ("mso-hide :all;", true),
            ("mso-hide:none", false),
            (":display:none", false),
            ("a:b;display:none", true),
            ("显示display:none", false),
        ] {
            assert_eq!(style_hides(style), hides, "{style:?}");
        }
    }
}
