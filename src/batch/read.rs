//! batch read: an input file's bytes, as the OS has them — only a regular file is opened
//! (never blocking), and never more than the part limit is held.

use std::fs::{self, File};
use std::io::{self, Read};
use std::path::Path;

use sha2::{Digest, Sha256};

use crate::report::{ErrorCode, ErrorRecord, Report, Source};

pub(super) type Failed = Box<dyn FnOnce(String) -> Report>;

/// The record of a file that could not be read, with what is known of its bytes.
fn failed(code: ErrorCode, message: String, sha256: String, bytes: u64) -> Failed {
    Box::new(move |rel| {
        Report::failed(
            Source::new(rel, sha256, bytes),
            ErrorRecord {
                code,
                message,
                part: None,
                offset: None,
            },
        )
    })
}

/// What a path that is not a regular file is, for its `not_a_file` message.
fn kind_of(meta: &fs::Metadata) -> &'static str {
    let ty = meta.file_type();
    if ty.is_dir() {
        return "a folder";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if ty.is_fifo() {
            return "a FIFO (named pipe)";
        }
        if ty.is_socket() {
            return "a socket";
        }
        if ty.is_char_device() {
            return "a character device";
        }
        if ty.is_block_device() {
            return "a block device";
        }
    }
    "not a regular file"
}

/// Open `path` for reading without ever blocking: with `O_NONBLOCK` on Unix, so a FIFO
/// put in place of a file after it was checked does not wait for a writer. A regular
/// file reads as usual with the flag set.
fn open_nonblocking(path: &Path) -> io::Result<File> {
    let mut opts = fs::OpenOptions::new();
    opts.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.custom_flags(libc::O_NONBLOCK);
    }
    opts.open(path)
}

/// The file's bytes, or the record of a file that cannot be read at all: not a regular
/// file (`not_a_file`: a FIFO, socket, device or dangling link is never read), larger
/// than the part limit (`too_large`, hashed without being held in memory) or unreadable.
///
/// The limit is applied to the bytes read (`take`), not only to the length the file
/// system states: a file that grows while it is read is cut at the limit all the same.
pub(super) fn read_input(path: &Path, max_bytes: u64) -> Result<Vec<u8>, Failed> {
    let unreadable = |e: io::Error| -> Failed {
        failed(
            ErrorCode::InternalError,
            format!("cannot read the input file: {e}"),
            String::new(),
            0,
        )
    };
    let not_a_file = |what: &str| -> Failed {
        failed(
            ErrorCode::NotAFile,
            format!("{what}, not a regular file: not read"),
            String::new(),
            0,
        )
    };
    // `metadata` follows a symlink without opening anything.
    let meta = match fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == io::ErrorKind::NotFound && fs::symlink_metadata(path).is_ok() => {
            return Err(not_a_file("a symbolic link whose target does not exist"));
        }
        Err(e) => return Err(unreadable(e)),
    };
    if !meta.is_file() {
        return Err(not_a_file(kind_of(&meta)));
    }
    let mut file = open_nonblocking(path).map_err(unreadable)?;
    // Checked again on what was opened: the path may have changed since.
    let meta = file.metadata().map_err(unreadable)?;
    if !meta.is_file() {
        return Err(not_a_file(kind_of(&meta)));
    }
    read_bounded(&mut file, meta.len(), max_bytes)
}

/// Read a file the file system says is `len` bytes long, holding at most `max_bytes` +
/// 1 bytes: the limit counts the bytes as they come, since a stated length can be wrong
/// (a file growing while read, a `/proc` file stated as 0 bytes). A file past the limit is
/// `too_large`, hashed in 64 KiB pieces to its end — unless it reads on past 4 × the larger
/// of its stated length and the limit, when it is not hashed at all: it may never end.
fn read_bounded(file: &mut impl Read, len: u64, max_bytes: u64) -> Result<Vec<u8>, Failed> {
    let unreadable = |e: io::Error| -> Failed {
        failed(
            ErrorCode::InternalError,
            format!("cannot read the input file: {e}"),
            String::new(),
            0,
        )
    };
    let mut hasher = Sha256::new();
    let mut bytes = Vec::new();
    if len <= max_bytes {
        bytes.reserve_exact(len as usize + 1);
        file.take(max_bytes + 1)
            .read_to_end(&mut bytes)
            .map_err(unreadable)?;
        if bytes.len() as u64 <= max_bytes {
            return Ok(bytes);
        }
        hasher.update(&bytes);
    }
    let mut read = bytes.len() as u64;
    drop(bytes);
    let bound = len.max(max_bytes).saturating_mul(4).saturating_add(1);
    let mut buf = vec![0; 1 << 16];
    let mut rest = file.take(bound - read);
    loop {
        match rest.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => {
                hasher.update(&buf[..n]);
                read += n as u64;
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(unreadable(e)),
        }
    }
    if read >= bound {
        return Err(failed(
            ErrorCode::TooLarge,
            format!(
                "the file reads on past {read} bytes (stated {len}), more than the limit of \
                 {max_bytes} (--max-part-mib): not read further, not hashed"
            ),
            String::new(),
            len,
        ));
    }
    if read <= max_bytes {
        // Stated past the limit, read within it: the file shrank while it was read.
        return Err(failed(
            ErrorCode::InternalError,
            format!("the file changed while it was read (stated {len} bytes, read {read})"),
            String::new(),
            0,
        ));
    }
    let sha256 = hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    Err(failed(
        ErrorCode::TooLarge,
        format!("the file is {read} bytes, more than the limit of {max_bytes} (--max-part-mib)"),
        sha256,
        read,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(r: Result<Vec<u8>, Failed>) -> Report {
        match r {
            Ok(bytes) => panic!("read {} bytes", bytes.len()),
            Err(f) => f("x".into()),
        }
    }

    /// An endless input stated as short is cut at the limit, never read to its end.
    #[test]
    fn endless_input_is_cut_at_the_limit() {
        for stated in [0, 10, 999] {
            let r = record(read_bounded(&mut io::repeat(7), stated, 1000));
            let e = r.error.expect("error");
            assert_eq!(e.code, ErrorCode::TooLarge);
            assert!(
                e.message.contains("reads on past 4001 bytes"),
                "{}",
                e.message
            );
            assert_eq!(r.source.sha256, "");
        }
    }

    /// A file that grows past the limit while read is `too_large` and hashed whole.
    #[test]
    fn input_growing_past_the_limit_is_too_large() {
        let data = vec![1u8; 1500];
        let r = record(read_bounded(&mut &data[..], 100, 1000));
        assert_eq!(r.error.expect("error").code, ErrorCode::TooLarge);
        assert_eq!(r.source.bytes, 1500);
        let want: String = Sha256::digest(&data)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(r.source.sha256, want);
    }

    #[test]
    fn input_within_the_limit_is_read_whatever_its_stated_length() {
        let data = vec![2u8; 700];
        for stated in [0, 700] {
            match read_bounded(&mut &data[..], stated, 1000) {
                Ok(b) => assert_eq!(b, data),
                Err(f) => panic!("{:?}", f("x".into()).error),
            }
        }
    }
}
