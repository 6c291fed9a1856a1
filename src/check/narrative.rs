//! check::narrative: the report's own text against its tables (SPEC §7).
//!
//! Reads the body paragraphs (`Document::paragraphs()`, 0-based as `nianbao inspect`
//! numbers them), finds each figure a sentence states for a cell of SPEC §7's table
//! (`rules::RULES`) and compares it with the cell's value. A difference is one
//! `narrative_mismatch` (warning); agreements are only counted ([`NarrativeCounts`]).
//!
//! **Precision before recall**: a false alarm costs an auditor's trust more than a
//! missed difference, so a figure is read only when nothing else could be meant:
//!
//! - A paragraph is cut into sentences at `。；;！？!?` and line breaks, a sentence into
//!   clauses at `，` and `,` (not between digits). Parenthesized asides `（…）` are not
//!   read (they qualify the figure before them: 含上年结转…, 其中…).
//! - In a clause, a statement is a phrase of `RULES` followed by its figure and a
//!   measure word, with only the phrase's own words between (政府信息公开申请, 共计, 为).
//!   What comes before the phrase in the clause must be words that name no other
//!   subject (`SUBJECT`: a year, 全年, 我局, 本机关, 共, the agency's own name …):
//!   `区政府办代表区政府受理…17件` names a sub-unit and is not compared — and neither is
//!   the rest of its sentence, whose clauses share that subject.
//! - Several statements in one clause are read only as a list, each phrase with its own
//!   figure (予以公开9件、部分公开1件). A phrase of another cell without its own figure
//!   (收到并办结申请5件, 上年结转和本年新收申请共12件) makes the clause name two cells:
//!   nothing in it is compared.
//! - Not read: clauses with a percentage, a rate or a change (同比, 较上年, 增加, 减少,
//!   `%`); figures with a range word (约, 近, 超过, 余, 多, 左右, 以上); ordinals (第二起);
//!   figures without a measure word (years, dates, a flattened table row); clauses about
//!   another year (an explicit year other than the report's, 去年, 上年同期 — which
//!   holds for the rest of the paragraph until the report's year or 本年/今年/全年 is
//!   named again); clauses under 其中 other than a result category directly after it
//!   (其中予以公开5件 is read; 其中区政府办受理17件 and 其中自然人申请5件 are not, nor is
//!   anything after them in the sentence).
//! - Tied to disclosure: an application figure only in a paragraph naming 公开 (or right
//!   after one: its heading), a 行政复议/行政诉讼 count only in a sentence naming it.
//! - Zero: `未发生`/`无`/`没有`/`未被` + 行政复议 and/or 行政诉讼 (…的情况), and
//!   `行政复议、行政诉讼均为0`, state 0 for each named.
//!
//! A cell that is `null` (blank, text) or absent from the template is not compared;
//! litigation is compared with `litigation_direct.total + litigation_after_review.total`
//! and needs both.
//!
//! The module is split by job: `rules` is SPEC §7's table and the patterns built from
//! it, `sentence` reads paragraphs into sentences, clauses and statements,
//! `numerals` reads a figure as written, and `comparison` holds the statements against
//! the cells.

use crate::model::Document;
use crate::report::{Anomaly, CellRecord, Metadata, NarrativeCounts};

mod comparison;
mod numerals;
mod rules;
mod sentence;

pub use comparison::compare;
pub use numerals::figure;
pub use sentence::statements;

/// The cell a statement is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Target {
    /// One canonical cell `table.row.col`.
    Cell(&'static str, &'static str, &'static str),
    /// 行政诉讼: `litigation_direct.total + litigation_after_review.total`, reported as
    /// row `litigation`.
    Litigation,
}

impl Target {
    /// `(table, row, col)` as the anomaly names it.
    pub fn key(self) -> (&'static str, &'static str, &'static str) {
        match self {
            Target::Cell(t, r, c) => (t, r, c),
            Target::Litigation => ("review_litigation", "litigation", "total"),
        }
    }
}

/// One figure the text states for one cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Statement {
    /// 0-based body paragraph (as `nianbao inspect` numbers them).
    pub paragraph: usize,
    pub target: Target,
    pub figure: u64,
    /// The sentence as written (parenthesized asides and padding included).
    pub sentence: String,
}

/// SPEC §7 on a read document: the statements compared with `cells` (the checked
/// canonical cells), each difference one `narrative_mismatch`, and the counts.
pub fn check(
    doc: &Document,
    cells: &[CellRecord],
    meta: &Metadata,
) -> (Vec<Anomaly>, NarrativeCounts) {
    let found = statements(doc.paragraphs(), meta.year, meta.agency.as_deref());
    compare(&found, cells)
}

#[cfg(test)]
mod tests;
