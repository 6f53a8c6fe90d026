//! The one error type of this crate, shaped for a retrying print queue.

/// Why a document was not printed.
///
/// The variants are split by what the caller should do next, not by where the
/// failure happened: only [`PrintError::Unreachable`] is worth retrying.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PrintError {
    /// The printer could not be reached or did not answer in time (connection
    /// refused, timeout, unknown host, connection dropped, printer busy). The
    /// printer is off, away or occupied; the queue should try again later.
    #[error("printer unreachable: {0}")]
    Unreachable(String),
    /// The printer answered and refused the job (an IPP error status, a
    /// document format it does not take, no such printer queue). Sending the
    /// same bytes again will be refused again.
    #[error("printer refused the job: {0}")]
    Rejected(String),
    /// This combination cannot work at all: a Windows spooler printer on
    /// another OS, a PNG sent to a raw ZPL printer, an `ipps://` address.
    #[error("not supported: {0}")]
    Unsupported(String),
    /// A document could not be made or converted (an unreadable PNG, an empty
    /// batch). Nothing was sent.
    #[error("document could not be made: {0}")]
    Document(String),
}

impl PrintError {
    /// True only for [`PrintError::Unreachable`]: the one failure that may go
    /// away by itself.
    pub fn is_retryable(&self) -> bool {
        matches!(self, PrintError::Unreachable(_))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_unreachable_is_worth_retrying() {
        assert!(PrintError::Unreachable("off".into()).is_retryable());
        assert!(!PrintError::Rejected("no".into()).is_retryable());
        assert!(!PrintError::Unsupported("no".into()).is_retryable());
        assert!(!PrintError::Document("no".into()).is_retryable());
    }
}
