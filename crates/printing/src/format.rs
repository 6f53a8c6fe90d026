//! A finished document: bytes plus what kind of bytes they are.

use serde::{Deserialize, Serialize};

/// The kind of bytes in a [`Document`], which decides how each connection
/// hands them over (and whether it can at all).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentFormat {
    Pdf,
    Zpl,
    Png,
}

impl DocumentFormat {
    /// The media type, for saving or attaching the document. ZPL has no IANA
    /// registration; `application/vnd.zebra-zpl` is the conventional name.
    pub fn mime(self) -> &'static str {
        match self {
            DocumentFormat::Pdf => "application/pdf",
            DocumentFormat::Zpl => "application/vnd.zebra-zpl",
            DocumentFormat::Png => "image/png",
        }
    }

    /// File name extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            DocumentFormat::Pdf => "pdf",
            DocumentFormat::Zpl => "zpl",
            DocumentFormat::Png => "png",
        }
    }

    /// The IPP `document-format` to announce. ZPL goes as
    /// `application/vnd.cups-raw`: the type a CUPS raw queue (the usual way a
    /// Zebra is shared over IPP) passes to the device untouched, where an
    /// unregistered ZPL type would be refused or run through a filter.
    pub(crate) fn ipp_document_format(self) -> &'static str {
        match self {
            DocumentFormat::Zpl => "application/vnd.cups-raw",
            other => other.mime(),
        }
    }
}

/// One printable document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Document {
    /// Shown in print queues (the IPP job name, the Windows document name).
    pub name: String,
    pub format: DocumentFormat,
    pub bytes: Vec<u8>,
}

impl Document {
    pub fn pdf(name: impl Into<String>, bytes: Vec<u8>) -> Self {
        Document {
            name: name.into(),
            format: DocumentFormat::Pdf,
            bytes,
        }
    }

    pub fn zpl(name: impl Into<String>, zpl: String) -> Self {
        Document {
            name: name.into(),
            format: DocumentFormat::Zpl,
            bytes: zpl.into_bytes(),
        }
    }

    pub fn png(name: impl Into<String>, bytes: Vec<u8>) -> Self {
        Document {
            name: name.into(),
            format: DocumentFormat::Png,
            bytes,
        }
    }
}
