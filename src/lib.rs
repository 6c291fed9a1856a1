//! nianbao: extract the three tables of Chinese government information-disclosure
//! annual reports (政府信息公开工作年度报告) from .docx files into one canonical schema,
//! with every problem in a report listed as a typed anomaly.
//!
//! The data flows one way, one module a stage:
//!
//! ```text
//! open ──► read ──► recognize ──► check ──► write
//! (zip,    (document.xml  (template tables  (cell rules,   (per-report JSON,
//!  _rels,   → tables of    → canonical       勾稽 rules     batch files,
//!  bounds)  cells)         keys)             → anomalies)   summary)
//! ```
//!
//! [`extract::extract_bytes`] runs the stages for one file; the binary fans it out
//! over a batch. `metadata` reads agency / year / date beside `recognize`.

pub mod batch;
pub mod check;
pub mod convert;
pub mod crossyear;
pub mod extract;
pub mod inspect;
pub mod metadata;
pub mod model;
pub mod open;
pub mod read;
pub mod recognize;
pub mod report;
pub mod review;
pub mod text;
pub mod write;
pub mod xml;
