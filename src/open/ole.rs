//! The OLE2 compound file (Compound File Binary): its signature and a bounded walk of
//! its directory, for a legacy `.doc` or an Office-encrypted `.docx` (which Office
//! stores inside OLE) here, and for [`super::sniff`](mod@super::sniff)'s Word and WPS
//! binaries.

use crate::report::ErrorCode;

use super::OpenError;

/// OLE2 / Compound File Binary signature: a Word 97–2003 `.doc`, or the envelope
/// Office wraps around an encrypted OOXML package.
pub(super) const OLE_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// An OLE2 compound file: an Office-encrypted `.docx` when its directory holds an
/// `EncryptedPackage` stream, otherwise `legacy_doc`. (A Word or WPS binary never gets
/// here: `sniff` names it `doc`/`wps` and it goes to the converter.)
pub(super) fn classify_ole(bytes: &[u8]) -> OpenError {
    match ole_find_stream(bytes, "EncryptedPackage") {
        // The offset is that directory entry's, in the file.
        Some(at) => OpenError::new(
            ErrorCode::Encrypted,
            "an Office-encrypted document (OLE container holding an `EncryptedPackage` \
             stream): it opens only with its password",
        )
        .in_part("EncryptedPackage")
        .at(at as u64),
        None => OpenError::new(
            ErrorCode::LegacyDoc,
            "an OLE2 compound file that is no Word or WPS document nianbao knows (no \
             `WordDocument` stream found: damaged, or another program's file, a spreadsheet \
             or a presentation)",
        )
        .at(0),
    }
}

/// Bound on the directory sectors and FAT lookups walked in an OLE file: real
/// documents have a handful of directory sectors; a loop or a forged chain stops here.
const OLE_MAX_DIR_SECTORS: usize = 4096;

/// File offset of the directory entry of the stream `name` in an OLE compound file.
///
/// Walks the directory sector chain through the FAT (header DIFAT, then DIFAT
/// sectors), bounded. A directory entry is 128 bytes: the UTF-16LE name (64 bytes),
/// its byte length with the NUL at 64, the object type at 66 (2 = stream). When the
/// chain cannot be walked (a damaged header), every 128-byte-aligned slot of the file
/// is tried instead — directory entries always sit at such offsets.
pub(super) fn ole_find_stream(bytes: &[u8], name: &str) -> Option<usize> {
    let wanted: Vec<u8> = name.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let is_entry = |at: usize| {
        bytes.get(at..at + 128).is_some_and(|slot| {
            usize::from(u16::from_le_bytes([slot[64], slot[65]])) == wanted.len() + 2
                && slot[66] == 2
                && slot[..wanted.len()].eq_ignore_ascii_case(&wanted)
        })
    };
    match ole_directory_sectors(bytes) {
        Some(sectors) => {
            let per_sector = ole_sector_size(bytes) / 128;
            sectors
                .iter()
                .flat_map(|&start| (0..per_sector).map(move |k| start + 128 * k))
                .find(|&at| is_entry(at))
        }
        None => (512..bytes.len()).step_by(128).find(|&at| is_entry(at)),
    }
}

pub(super) fn ole_sector_size(bytes: &[u8]) -> usize {
    let shift = bytes
        .get(0x1E..0x20)
        .map(|b| u16::from_le_bytes([b[0], b[1]]))
        .unwrap_or(9);
    // Version 3 files use 512-byte sectors, version 4 4096; nothing else exists.
    if shift == 12 { 4096 } else { 512 }
}

/// File offsets of the directory sectors, following the FAT chain; `None` when the
/// header or the chain is damaged.
fn ole_directory_sectors(bytes: &[u8]) -> Option<Vec<usize>> {
    const END_OF_CHAIN: u32 = 0xFFFF_FFFE;
    let u32_at = |at: usize| -> Option<u32> {
        let b = bytes.get(at..at.checked_add(4)?)?;
        Some(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    };
    let sector = ole_sector_size(bytes);
    let offset_of = |s: u32| -> Option<usize> { (s as usize).checked_add(1)?.checked_mul(sector) };
    // The FAT sectors: 109 in the header, the rest in the DIFAT sector chain.
    let mut fat_sectors: Vec<u32> = (0..109)
        .filter_map(|i| u32_at(0x4C + 4 * i))
        .filter(|&s| s < 0xFFFF_FFFA)
        .collect();
    let mut difat = u32_at(0x44)?;
    let per_difat = sector / 4 - 1;
    let mut steps = 0;
    while difat < 0xFFFF_FFFA && steps < OLE_MAX_DIR_SECTORS {
        let at = offset_of(difat)?;
        fat_sectors.extend(
            (0..per_difat)
                .filter_map(|i| u32_at(at + 4 * i))
                .filter(|&s| s < 0xFFFF_FFFA),
        );
        difat = u32_at(at + 4 * per_difat)?;
        steps += 1;
    }
    let per_fat = sector / 4;
    let next = |s: u32| -> Option<u32> {
        let fat = *fat_sectors.get(s as usize / per_fat)?;
        u32_at(offset_of(fat)? + 4 * (s as usize % per_fat))
    };
    let mut dir = u32_at(0x30)?;
    let mut sectors = Vec::new();
    while dir != END_OF_CHAIN {
        if sectors.len() >= OLE_MAX_DIR_SECTORS {
            return None;
        }
        let at = offset_of(dir)?;
        if at >= bytes.len() {
            return None;
        }
        sectors.push(at);
        dir = next(dir)?;
    }
    Some(sectors)
}
