//! The template decided from the tables' votes (SPEC §2's mixed form included), and the
//! rows found laid onto every canonical row and column of it: `missing_table`,
//! `missing_row`, `template_mixed` and the found rows it has no place for.

use crate::report::{Anomaly, AnomalyCode, Severity, Template};

use super::template::{self, TABLES};
use super::{RawCell, Recognized, RecognizedRow, RecognizedTable, State};

impl<'a> State<'a> {
    pub(super) fn finish(mut self) -> Recognized<'a> {
        if self.found.is_empty() {
            return Recognized {
                template: None,
                tables: Vec::new(),
                anomalies: self.anomalies,
            };
        }
        // A single （六）其他处理 row, without the three 2021 sub-rows, is the 2019 table.
        if let Some(app) = self.found.get("applications")
            && app.contains_key("other")
            && !app.keys().any(|k| k.starts_with("other_"))
        {
            self.app_votes.1 += 1;
        }
        let pick = |(v2021, v2019): (usize, usize)| match v2019.cmp(&v2021) {
            std::cmp::Ordering::Greater => Some(Template::T2019),
            std::cmp::Ordering::Less => Some(Template::T2021),
            std::cmp::Ordering::Equal => None,
        };
        // The report's template is table 三's (the 勾稽 rules read its （六） rows), else
        // table 二's; table 二 is read in the template its own labels show.
        let app_t = pick(self.app_votes);
        let active_t = pick(self.active_votes);
        // SPEC §2's mixed form: table 二 in the 2021 form, table 三 2019's only in its
        // single （六） row. The report is 2021's, the row kept as `other` in place of
        // the three 2021 rows (so `template` and the keys written agree).
        let mixed = app_t == Some(Template::T2019)
            && self.app_votes.0 == 0
            && active_t == Some(Template::T2021);
        let t = if mixed {
            Template::T2021
        } else {
            app_t.or(active_t).unwrap_or(Template::T2021)
        };
        let mut tables = Vec::new();
        let mut anomalies = Vec::new();
        if mixed {
            let other = self
                .found
                .get("applications")
                .and_then(|a| a.get("other"))
                .and_then(|f| f.cells.first());
            anomalies.push(Anomaly {
                raw: other.map(|c| c.1.to_owned()),
                location: other.map(|c| c.2),
                ..Anomaly::new(
                    AnomalyCode::TemplateMixed,
                    Severity::Warning,
                    "表二为 2021 年模板，表三的（六）其他处理却是 2019 年模板的单独一行：按 2021 年模板读取，该行记为 other，代替 2021 年模板（六）的三行",
                )
                .at("applications", Some("other"), None)
            });
        }
        for table in TABLES {
            let Some(found) = self.found.get(table) else {
                anomalies.push(
                    Anomaly::new(
                        AnomalyCode::MissingTable,
                        Severity::Warning,
                        format!("文档中没有找到表格「{}」", template::table_label(table)),
                    )
                    .at(table, None, None),
                );
                continue;
            };
            let tt = match table {
                "active_disclosure" => active_t.unwrap_or(t),
                _ => t,
            };
            let mut def = if mixed && table == "applications" {
                template::applications_single_other()
            } else {
                template::rows(tt, table)
            };
            if table == "active_disclosure" {
                // A table 二 that mixes the templates' blocks (2019's 第（一）项 block over
                // 2021's others): a found row its template has no place for, or whose
                // figures its columns would drop, takes the other template's columns.
                let other = match tt {
                    Template::T2021 => Template::T2019,
                    Template::T2019 => Template::T2021,
                };
                for (rk, cols) in template::rows(other, table) {
                    let Some(f) = found.get(rk) else { continue };
                    let keyed: Vec<&str> = f.cells.iter().filter_map(|(k, _, _)| *k).collect();
                    let covers = |cs: &[&str]| keyed.iter().all(|k| cs.contains(k));
                    match def.iter_mut().find(|(d, _)| *d == rk) {
                        Some((_, mine)) if !covers(mine) && covers(cols) => *mine = cols,
                        Some(_) => {}
                        None => def.push((rk, cols)),
                    }
                }
            }
            let mut rows = Vec::new();
            for (rk, cols) in &def {
                let Some(f) = found.get(rk) else {
                    anomalies.push(
                        Anomaly::new(
                            AnomalyCode::MissingRow,
                            Severity::Warning,
                            format!("表格中没有模板的这一行（{rk}），其数值为 null"),
                        )
                        .at(table, Some(rk), None),
                    );
                    rows.push(RecognizedRow {
                        key: rk,
                        found: false,
                        cells: cols
                            .iter()
                            .map(|c| RawCell {
                                col: c,
                                raw: None,
                                location: None,
                            })
                            .collect(),
                    });
                    continue;
                };
                let positional = f.cells.iter().all(|(k, _, _)| k.is_none());
                let cells = cols
                    .iter()
                    .enumerate()
                    .map(|(i, c)| {
                        // Found cells mostly come in the template's column order:
                        // the i-th is tried before a search.
                        let hit = if positional {
                            f.cells.get(i)
                        } else {
                            f.cells
                                .get(i)
                                .filter(|(k, _, _)| *k == Some(*c))
                                .or_else(|| f.cells.iter().find(|(k, _, _)| *k == Some(*c)))
                        };
                        RawCell {
                            col: c,
                            raw: hit.map(|h| h.1),
                            location: hit.map(|h| h.2),
                        }
                    })
                    .collect();
                rows.push(RecognizedRow {
                    key: rk,
                    found: true,
                    cells,
                });
            }
            for (fk, f) in found {
                if def.iter().any(|(rk, _)| rk == fk) {
                    continue;
                }
                // A blank （六）其他处理 heading row of a 2021 table is only a heading.
                if *fk == "other" && f.texts().iter().all(|t| t.is_empty()) {
                    continue;
                }
                anomalies.push(Anomaly {
                    raw: Some(f.texts().join(" | ")),
                    location: f.cells.first().map(|c| c.2),
                    ..Anomaly::new(
                        AnomalyCode::UnrecognizedRow,
                        Severity::Info,
                        format!("行 {fk} 不属于 {} 模板，未读取", tt.as_str()),
                    )
                    .at(table, None, None)
                });
            }
            tables.push(RecognizedTable {
                key: table,
                template: tt,
                rows,
            });
        }
        anomalies.append(&mut self.anomalies);
        Recognized {
            template: Some(t),
            tables,
            anomalies,
        }
    }
}
