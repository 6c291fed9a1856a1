//! batch duplicates: which inputs are a copy of an earlier one (SPEC §9), decided the
//! same way whatever `--jobs`.
//!
//! An input is a copy when an input before it, in input order, has the same SHA-256; its
//! record names the first such input. Workers finish files out of order, so the answer
//! for file `i` cannot be "the first copy seen so far". Instead each worker publishes a
//! file's hash as soon as it has read the file — before extracting it — and, once its
//! record is made and before writing it, waits until every file before `i` has published
//! its hash. Files are taken from one counter in input order, so every file before `i`
//! is already in some worker's hands and hashing is the first thing done with it: the
//! wait is rarely felt, and the first index of each hash, kept here, is then final for
//! `i`. A file whose worker stops without a hash (an unreadable file, a panic) publishes
//! `None` from [`Slot`]'s `Drop`, so nobody waits for it forever.
//!
//! Memory: per distinct file, the hash's first 16 bytes and a 4-byte index (about 25
//! bytes with the table's slack: 2.7 MiB at 100,000 files, where the whole hash and a
//! `usize` were 5.4 MiB — issue 16's memory), and the indexes published ahead of the
//! slowest file (at most the batch window). Sixteen bytes of a SHA-256 tell files apart
//! as surely as all 32 for any batch: two different files share them with odds of
//! about n²/2¹²⁹, 10⁻²⁹ at 100,000 files.

use std::collections::{BTreeSet, HashMap};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Condvar, Mutex};

/// A SHA-256 digest.
pub(super) type Sha = [u8; 32];

/// What the index keys a file by: its digest's first 16 bytes (see the module doc).
type Key = [u8; 16];

fn key(sha: &Sha) -> Key {
    let mut k = [0u8; 16];
    k.copy_from_slice(&sha[..16]);
    k
}

#[derive(Default)]
struct State {
    /// Each hash's [`Key`] → the first input index that has it (a batch past
    /// `u32::MAX` inputs records no copies beyond it).
    first: HashMap<Key, u32>,
    /// Indexes at or above `upto` that have published.
    ahead: BTreeSet<usize>,
    /// Every index below this has published.
    upto: usize,
}

/// The hashes of a batch's inputs, as workers publish them.
#[derive(Default)]
pub(super) struct Copies {
    state: Mutex<State>,
    cv: Condvar,
}

impl Copies {
    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn publish(&self, i: usize, sha: Option<Sha>) {
        let mut s = self.lock();
        if let (Some(sha), Ok(at)) = (sha, u32::try_from(i)) {
            let first = s.first.entry(key(&sha)).or_insert(at);
            *first = (*first).min(at);
        }
        if i == s.upto {
            s.upto += 1;
            while s.ahead.first() == Some(&s.upto) {
                s.ahead.pop_first();
                s.upto += 1;
            }
            self.cv.notify_all();
        } else if i > s.upto {
            s.ahead.insert(i);
        }
    }

    /// The first input with hash `sha`, when it comes before `i` (then `i` is its copy).
    /// Waits until every input before `i` has published; `None` at once when `abort` is
    /// set (the batch is stopping and nothing more is written).
    pub(super) fn first_before(
        &self,
        i: usize,
        sha: Option<Sha>,
        abort: &AtomicBool,
    ) -> Option<usize> {
        let mut s = self.lock();
        while s.upto < i && !abort.load(Ordering::Relaxed) {
            s = self.cv.wait(s).unwrap_or_else(|e| e.into_inner());
        }
        if s.upto < i {
            return None;
        }
        let first = *s.first.get(&key(&sha?))? as usize;
        (first < i).then_some(first)
    }

    /// Wake every waiting worker (after setting the batch's abort flag).
    pub(super) fn wake(&self) {
        let _s = self.lock();
        self.cv.notify_all();
    }
}

/// A worker's promise to publish file `i`'s hash: done by [`Slot::publish`], or as
/// `None` when dropped unpublished.
pub(super) struct Slot<'a> {
    copies: &'a Copies,
    i: usize,
    done: bool,
}

impl<'a> Slot<'a> {
    pub(super) fn new(copies: &'a Copies, i: usize) -> Slot<'a> {
        Slot {
            copies,
            i,
            done: false,
        }
    }

    pub(super) fn publish(&mut self, sha: Option<Sha>) {
        if !std::mem::replace(&mut self.done, true) {
            self.copies.publish(self.i, sha);
        }
    }
}

impl Drop for Slot<'_> {
    fn drop(&mut self) {
        self.publish(None);
    }
}

/// `source.sha256` (64 lowercase hex digits) as bytes; `None` when it is not one (a file
/// that could not be read has no hash, and is nobody's copy).
pub(super) fn parse_sha(hex: &str) -> Option<Sha> {
    let b = hex.as_bytes();
    if b.len() != 64 {
        return None;
    }
    let digit = |c: u8| match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        _ => None,
    };
    let mut out = [0u8; 32];
    for (o, pair) in out.iter_mut().zip(b.chunks_exact(2)) {
        *o = digit(pair[0])? << 4 | digit(pair[1])?;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_copy_in_input_order_whatever_the_order_of_publishing() {
        let copies = Copies::default();
        let abort = AtomicBool::new(false);
        let (a, b) = (Some([1u8; 32]), Some([2u8; 32]));
        // 0:a 1:b 2:a 3:none 4:b, published out of order
        copies.publish(2, a);
        copies.publish(4, b);
        copies.publish(1, b);
        drop(Slot::new(&copies, 3));
        copies.publish(0, a);
        assert_eq!(copies.first_before(0, a, &abort), None);
        assert_eq!(copies.first_before(1, b, &abort), None);
        assert_eq!(copies.first_before(2, a, &abort), Some(0));
        assert_eq!(copies.first_before(3, None, &abort), None);
        assert_eq!(copies.first_before(4, b, &abort), Some(1));
    }

    #[test]
    fn a_waiting_worker_is_released_by_abort_or_by_the_file_before() {
        let copies = Copies::default();
        let abort = AtomicBool::new(false);
        let sha = Some([7u8; 32]);
        std::thread::scope(|s| {
            let waiter = s.spawn(|| copies.first_before(1, sha, &abort));
            copies.publish(1, sha);
            copies.publish(0, sha);
            assert_eq!(waiter.join().expect("no panic"), Some(0));
            let waiter = s.spawn(|| copies.first_before(5, sha, &abort));
            abort.store(true, Ordering::Relaxed);
            copies.wake();
            assert_eq!(waiter.join().expect("no panic"), None);
        });
    }

    #[test]
    fn hashes_are_read_from_their_hex() {
        let hex = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
        let sha = parse_sha(hex).expect("a sha256");
        assert_eq!(crate::extract::hex(&sha), hex);
        assert_eq!(parse_sha(""), None);
        assert_eq!(parse_sha(&hex.to_uppercase()), None);
    }
}
