//! Numbered items of table 三 printed with a typo (`2.其他法律行政止公开`): the template's
//! item of that number in its group, when the label is close to it by a weighted edit
//! distance and to no other item of the group (`label_variant`).

use super::Group;

/// The template's numbered items in each group of table 三, as SPEC §2 prints them
/// (comparison form, after [`variant_fold`]): (group, number, key, label).
const ITEMS: &[(Group, u32, &str, &str)] = &[
    (Group::Denied, 1, "denied_state_secret", "属于国家秘密"),
    (
        Group::Denied,
        2,
        "denied_law_prohibited",
        "其他法律行政法规禁止公开",
    ),
    (
        Group::Denied,
        3,
        "denied_safety_stability",
        "危及三安全一稳定",
    ),
    (Group::Denied, 4, "denied_third_party", "保护第三方合法权益"),
    (
        Group::Denied,
        5,
        "denied_internal_affairs",
        "属于三类内部事务信息",
    ),
    (
        Group::Denied,
        6,
        "denied_process_info",
        "属于四类过程性信息",
    ),
    (
        Group::Denied,
        7,
        "denied_enforcement_file",
        "属于行政执法案卷",
    ),
    (Group::Denied, 8, "denied_admin_query", "属于行政查询事项"),
    (
        Group::Unable,
        1,
        "unable_not_held",
        "本机关不掌握相关政府信息",
    ),
    (
        Group::Unable,
        2,
        "unable_needs_creation",
        "没有现成信息需要另行制作",
    ),
    (Group::Unable, 3, "unable_unclear", "补正后申请内容仍不明确"),
    (
        Group::Unprocessed,
        1,
        "unprocessed_complaint",
        "信访举报投诉类申请",
    ),
    (Group::Unprocessed, 2, "unprocessed_duplicate", "重复申请"),
    (
        Group::Unprocessed,
        3,
        "unprocessed_publication",
        "要求提供公开出版物",
    ),
    (
        Group::Unprocessed,
        4,
        "unprocessed_excessive",
        "无正当理由大量反复申请",
    ),
    (
        Group::Unprocessed,
        5,
        "unprocessed_confirmation",
        "要求行政机关确认或重新出具已获取信息",
    ),
    (
        Group::Other,
        1,
        "other_overdue_correction",
        "申请人无正当理由逾期不补正行政机关不再处理其政府信息公开申请",
    ),
    (
        Group::Other,
        2,
        "other_overdue_fee",
        "申请人逾期未按收费通知要求缴纳费用行政机关不再处理其政府信息公开申请",
    ),
    (Group::Other, 3, "other_other", "其他"),
];

/// A label with the words reports add to or drop from the template's labels taken
/// out: 予以, 继续, 度, 的 (`属于国家秘密的`, `结转下年继续办理`). 其它 is already 其他 in
/// a comparison form.
fn variant_fold(k: &str) -> Vec<char> {
    let mut s = k.to_owned();
    for w in ["予以", "继续", "度", "的"] {
        if s.contains(w) {
            s = s.replace(w, "");
        }
    }
    s.chars().collect()
}

/// Edits from `a` to `b`, on characters: a character dropped or added, or two
/// neighbours swapped, costs 1; a character replaced by another costs 2 (a drop and
/// an add). That is the optimal-string-alignment distance with substitutions at twice
/// the cost: the typos the issue lists are dropped, doubled and swapped characters, and
/// a replaced word (`许可` for `查询`) is what makes another label, so it costs most.
pub fn edit_distance(a: &[char], b: &[char]) -> usize {
    let mut rows = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in rows.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in rows[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = if a[i - 1] == b[j - 1] { 0 } else { 2 };
            let mut d = (rows[i - 1][j] + 1)
                .min(rows[i][j - 1] + 1)
                .min(rows[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(rows[i - 2][j - 2] + 1);
            }
            rows[i][j] = d;
        }
    }
    rows[a.len()][b.len()]
}

/// Whether `printed` is close to the template label `item`: [`edit_distance`] at most
/// 30% of the template label's length (after [`variant_fold`]). So a two-character
/// label (`其他`) must be exact, an eight-character one may lose or double two
/// characters or have one replaced, a twelve-character one may lose three
/// (`其他法律行政止公开`); a label with a word of its own in place of the template's
/// (`属于行政许可事项` for `属于行政查询事项`, 4) is another label. The template's items
/// within a group are further apart than that from each other (see the tests), and a
/// label close to two items is left unrecognized by [`close_item`].
fn is_close(printed: &[char], item: &[char]) -> bool {
    edit_distance(printed, item) * 10 <= item.len() * 3
}

/// The row a numbered label of `group` is, when it names none by its words: the
/// template's item of that number, when the label is close to it (`is_close`) and
/// to no other item of the group. `k` is the label's comparison form.
pub fn close_item(k: &str, group: Group, number: u32) -> Option<&'static str> {
    if k.is_ascii() {
        return None;
    }
    let printed = variant_fold(k);
    let mut close = ITEMS
        .iter()
        .filter(|(g, _, _, _)| *g == group)
        .filter(|(_, _, _, label)| is_close(&printed, &variant_fold(label)));
    match (close.next(), close.next()) {
        (Some((_, n, key, _)), None) if *n == number => Some(key),
        _ => None,
    }
}

/// The template's label of a numbered item, for messages.
pub fn item_label(key: &str) -> Option<&'static str> {
    ITEMS.iter().find(|i| i.2 == key).map(|i| i.3)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// How far apart the template's items of one group are: a label close to two
    /// items needs the two within 30% + 30% of each other (triangle inequality).
    #[test]
    fn template_items_are_far_apart() {
        let mut near = Vec::new();
        for (i, a) in ITEMS.iter().enumerate() {
            for b in &ITEMS[i + 1..] {
                if a.0 != b.0 {
                    continue;
                }
                let (x, y) = (variant_fold(a.3), variant_fold(b.3));
                let d = edit_distance(&x, &y);
                if d * 10 <= (x.len() + y.len()) * 3 {
                    near.push((a.2, b.2));
                }
            }
        }
        // no two items of a group are so near that one label could be close to both:
        // a label is close to at most one item (the check in close_item stays, for
        // the transpositions the triangle inequality does not bound)
        assert_eq!(near, Vec::<(&str, &str)>::new());
    }

    #[test]
    fn edit_distances() {
        let d = |a: &str, b: &str| {
            edit_distance(
                &a.chars().collect::<Vec<_>>(),
                &b.chars().collect::<Vec<_>>(),
            )
        };
        assert_eq!(d("其他法律行政止公开", "其他法律行政法规禁止公开"), 3);
        assert_eq!(d("属于国家密秘", "属于国家秘密"), 1);
        assert_eq!(d("属于行政执法案件", "属于行政执法案卷"), 2);
        assert_eq!(d("属于行政许可事项", "属于行政查询事项"), 4);
        assert_eq!(d("重复复申请", "重复申请"), 1);
        assert_eq!(d("", "重复"), 2);
    }

    #[test]
    fn close_items_need_their_number_and_one_item() {
        let cases = [
            // dropped characters (the 洪泽区 shape), a swap, a doubled one, a
            // substitution, 予以/的 added
            (
                "其他法律行政止公开",
                Group::Denied,
                2,
                Some("denied_law_prohibited"),
            ),
            (
                "属于国家密秘",
                Group::Denied,
                1,
                Some("denied_state_secret"),
            ),
            (
                "保护第三三方合法权益",
                Group::Denied,
                4,
                Some("denied_third_party"),
            ),
            (
                "属于行政执法案件",
                Group::Denied,
                7,
                Some("denied_enforcement_file"),
            ),
            (
                "本机关不掌握相关的政府信息",
                Group::Unable,
                1,
                Some("unable_not_held"),
            ),
            (
                "要求提供公开出版的物",
                Group::Unprocessed,
                3,
                Some("unprocessed_publication"),
            ),
            ("其他", Group::Other, 3, Some("other_other")),
            // the right words with another number: not that row by number
            ("其他法律行政止公开", Group::Denied, 3, None),
            // another label with the same number
            ("其他原因不予公开", Group::Denied, 2, None),
            ("依法不予公开的其他情形", Group::Denied, 2, None),
            ("重复提交", Group::Unprocessed, 2, None),
            ("其它情形", Group::Other, 3, None),
            ("属于行政许可事项", Group::Denied, 8, None),
            // too far: half the label gone
            ("其他法律公开", Group::Denied, 2, None),
        ];
        for (k, g, n, want) in cases {
            assert_eq!(close_item(k, g, n), want, "{k}");
        }
    }
}
