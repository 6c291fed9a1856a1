//! The run's own arithmetic; runs themselves are tested through the binary
//! (`tests/cli/`, `tests/duplicates.rs`, `tests/series.rs`, …).

use super::*;

#[test]
fn threads_are_bounded() {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    assert_eq!(threads_for(5000, 5), 5.min(cores * 4));
    assert_eq!(threads_for(5000, 100_000), cores * 4);
    assert_eq!(threads_for(0, 100_000), cores);
    assert_eq!(threads_for(3, 0), 1);
}
