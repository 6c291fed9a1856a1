//! Hidden text inherited from styles: the part of `styles.xml` the reader needs.
//!
//! A run is hidden when its effective `w:vanish` is on. The effective value comes from,
//! later winning: `w:docDefaults/w:rPrDefault`, the paragraph's style chain
//! (`w:pStyle`, then `w:basedOn` upward; the default paragraph style when there is no
//! `w:pStyle`), the run's character style chain (`w:rStyle`), then the run's own `w:rPr`.
//! `w:vanish` is a toggle property in ECMA-376 (§17.7.3); nianbao treats it as a plain
//! override, which is what every writer we have seen produces.

use std::collections::HashMap;

use quick_xml::events::Event;

use crate::xml::{Ns, classify, on_off, part_text, reader, w_attr};

/// `w:basedOn` chains longer than this are cut (a cycle, or a hostile file).
const MAX_CHAIN: usize = 32;

#[derive(Debug, Default, Clone)]
struct Style {
    based_on: Option<String>,
    vanish: Option<bool>,
}

/// Style ids to their `w:vanish` setting and parent.
#[derive(Debug, Default, Clone)]
pub struct Styles {
    styles: HashMap<String, Style>,
    default_paragraph: Option<String>,
    default_vanish: Option<bool>,
}

impl Styles {
    /// Reads `styles.xml`. A part that cannot be read yields no styles: hidden text by
    /// style is then shown, which loses nothing (the main part is what must be exact).
    pub fn parse(bytes: &[u8]) -> Styles {
        let mut styles = Styles::default();
        let Ok(text) = part_text(bytes) else {
            return styles;
        };
        let mut r = reader(text);
        // The style being read, and whether we are inside its (or the defaults') w:rPr.
        let mut current: Option<(String, Style)> = None;
        let mut in_defaults = false;
        let mut in_rpr = false;
        let mut skip_depth = 0usize;
        // A styles part that turns malformed midway keeps what was read before the error.
        while let Ok((ns, ev)) = r.read_resolved_event() {
            let ns = classify(&ns);
            match ev {
                Event::Start(ref e) | Event::Empty(ref e) => {
                    let empty = matches!(ev, Event::Empty(_));
                    if skip_depth > 0 {
                        if !empty {
                            skip_depth += 1;
                        }
                        continue;
                    }
                    if ns != Ns::W {
                        continue;
                    }
                    match e.local_name().as_ref() {
                        "style" => {
                            let id = w_attr(&r, e, "styleId").map(|s| s.into_owned());
                            let is_para = w_attr(&r, e, "type").as_deref() == Some("paragraph");
                            let is_default =
                                w_attr(&r, e, "default").is_some_and(|v| on_off(Some(&v)));
                            if let Some(id) = id {
                                if is_para && is_default {
                                    styles.default_paragraph = Some(id.clone());
                                }
                                if !empty {
                                    current = Some((id, Style::default()));
                                }
                            }
                        }
                        "basedOn" => {
                            if let Some((_, s)) = current.as_mut() {
                                s.based_on = w_attr(&r, e, "val").map(|v| v.into_owned());
                            }
                        }
                        "rPrDefault" => in_defaults = true,
                        "rPr" => in_rpr = true,
                        // Revisions of the formatting: the old values, not in force.
                        "rPrChange" | "pPrChange" if !empty => {
                            skip_depth = 1;
                        }
                        "vanish" if in_rpr => {
                            let v = on_off(w_attr(&r, e, "val").as_deref());
                            if let Some((_, s)) = current.as_mut() {
                                s.vanish = Some(v);
                            } else if in_defaults {
                                styles.default_vanish = Some(v);
                            }
                        }
                        _ => {}
                    }
                }
                Event::End(ref e) => {
                    if skip_depth > 0 {
                        skip_depth -= 1;
                        continue;
                    }
                    if ns != Ns::W {
                        continue;
                    }
                    match e.local_name().as_ref() {
                        "style" => {
                            if let Some((id, s)) = current.take() {
                                styles.styles.insert(id, s);
                            }
                        }
                        "rPrDefault" => in_defaults = false,
                        "rPr" => in_rpr = false,
                        _ => {}
                    }
                }
                Event::Eof => break,
                _ => {}
            }
        }
        styles
    }

    /// `w:vanish` along a style's `w:basedOn` chain: the nearest setting wins.
    fn chain_vanish(&self, id: Option<&str>) -> Option<bool> {
        let mut id = id?;
        for _ in 0..MAX_CHAIN {
            let s = self.styles.get(id)?;
            if let Some(v) = s.vanish {
                return Some(v);
            }
            id = s.based_on.as_deref()?;
        }
        None
    }

    /// Whether a run is hidden, from its own `w:vanish`, its `w:rStyle` and its
    /// paragraph's `w:pStyle`.
    pub fn hidden(
        &self,
        direct: Option<bool>,
        run_style: Option<&str>,
        para_style: Option<&str>,
    ) -> bool {
        if let Some(v) = direct {
            return v;
        }
        if let Some(v) = self.chain_vanish(run_style) {
            return v;
        }
        let para_style = para_style.or(self.default_paragraph.as_deref());
        if let Some(v) = self.chain_vanish(para_style) {
            return v;
        }
        self.default_vanish.unwrap_or(false)
    }

    /// True when no style hides anything: the reader can skip the lookup.
    pub fn hides_nothing(&self) -> bool {
        self.default_vanish != Some(true) && self.styles.values().all(|s| s.vanish != Some(true))
    }
}
