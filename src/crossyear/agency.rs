//! Matching an agency across years: the key each agency name of the batch is grouped
//! by, so that a name written shorter one year (`康家会镇人民政府`) meets its longer
//! form (`静乐县康家会镇人民政府`) and a name that ends many (`人民政府办公室`) meets none.

use std::collections::{BTreeMap, BTreeSet};

use crate::text::label_key;

/// The matching key of each agency name in the batch (see [`crate::crossyear`]).
///
/// The keys that end with a key `k` are, reversed, the ones that begin with `k` reversed:
/// one run of the reversed keys in sorted order, found by binary search — so a batch of
/// 100,000 agencies costs n log n, not n².
pub fn agency_keys<'a>(names: impl IntoIterator<Item = &'a str>) -> BTreeMap<String, String> {
    let keys: BTreeSet<String> = names
        .into_iter()
        .map(label_key)
        .filter(|k| !k.is_empty())
        .collect();
    let mut reversed: Vec<(String, &String)> = keys
        .iter()
        .map(|k| (k.chars().rev().collect(), k))
        .collect();
    reversed.sort_unstable();
    // The keys ending with `k` other than `k`, at most `limit` of them.
    let ending_with = |k: &str, limit: usize| -> Vec<&String> {
        let r: String = k.chars().rev().collect();
        let from = reversed.partition_point(|(o, _)| o.as_str() < r.as_str());
        reversed[from..]
            .iter()
            .take_while(|(o, _)| o.starts_with(r.as_str()))
            .filter(|(_, o)| o.as_str() != k)
            .take(limit)
            .map(|(_, o)| *o)
            .collect()
    };
    let mut out = BTreeMap::new();
    for k in &keys {
        let target = match ending_with(k, 2).as_slice() {
            // the unique longer form; it must itself not be ambiguous
            [one] if k.chars().count() >= 4 && ending_with(one, 1).is_empty() => (*one).clone(),
            _ => k.clone(),
        };
        out.insert(k.clone(), target);
    }
    out
}
