//! A single-file web page (MHT / MHTML, and Word's "single file web page", often saved
//! as `.doc`): a MIME message whose text/html part is the page (RFC 2557).
//!
//! mail-parser (Stalwart's, maintained, no unsafe code, fuzzed upstream) finds the parts
//! and their headers through nested multiparts and folded headers. The page's own bytes
//! are taken from the part's raw body and its transfer encoding (quoted-printable,
//! base64) undone here with mail-parser's decoders, *not* its charset decoding: the
//! part's `charset` is handed to the HTML reader as the transport's declaration (which
//! the HTML spec ranks above `<meta>`), and a part without one is sniffed as a page is.

use mail_parser::decoders::base64::base64_decode;
use mail_parser::decoders::quoted_printable::quoted_printable_decode;
use mail_parser::{MessageParser, MimeHeaders, PartType};

/// The page part of an MHT.
#[derive(Debug)]
pub struct HtmlPart {
    /// Its bytes, transfer encoding undone.
    pub bytes: Vec<u8>,
    /// The `charset` of its Content-Type, as a label.
    pub charset: Option<String>,
    /// Its Content-Location (the page's address when saved), for messages.
    pub location: Option<String>,
    /// Byte offset of its body in the MHT.
    pub offset: u64,
}

/// Why an MHT has no page to read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct NoPage(pub String);

/// The first text/html part of `mht` (the page; its images and styles are other parts).
pub fn html_part(mht: &[u8]) -> Result<HtmlPart, NoPage> {
    let msg = MessageParser::default()
        .parse(mht)
        .ok_or_else(|| NoPage("not a MIME message: no headers and parts could be read".into()))?;
    let part = msg
        .parts
        .iter()
        .find(|p| matches!(p.body, PartType::Html(_)))
        .ok_or_else(|| {
            NoPage(format!(
                "the single-file web page has {} MIME part(s) and none is text/html",
                msg.parts.len()
            ))
        })?;
    let (start, end) = (part.offset_body as usize, part.offset_end as usize);
    let raw = mht.get(start..end.min(mht.len())).unwrap_or_default();
    let bytes = match part.encoding {
        mail_parser::Encoding::QuotedPrintable => quoted_printable_decode(raw),
        mail_parser::Encoding::Base64 => base64_decode(raw),
        mail_parser::Encoding::None => None,
    }
    .unwrap_or_else(|| raw.to_vec());
    Ok(HtmlPart {
        bytes,
        charset: part
            .content_type()
            .and_then(|ct| ct.attribute("charset"))
            .map(str::to_owned),
        location: part.content_location().map(str::to_owned),
        offset: start as u64,
    })
}
