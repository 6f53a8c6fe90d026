//! Raw TCP ("port 9100", JetDirect): the printer prints whatever bytes arrive.
//!
//! There is no answer on this protocol, so "accepted" can only mean every
//! byte was written and the connection was shut down without error.

use std::time::Duration;

use tokio::io::AsyncWriteExt;
use tokio::net::TcpStream;

use super::{describe, Sent};
use crate::{Document, DocumentFormat, PrintError};

pub(super) async fn send(
    host: &str,
    port: u16,
    document: &Document,
    timeout: Duration,
) -> Result<Sent, PrintError> {
    if document.format == DocumentFormat::Png {
        // A raw printer would print the PNG's bytes as garbage text (or
        // nothing); it has to be converted for the printer's language first.
        return Err(PrintError::Unsupported(format!(
            "a raw TCP printer cannot print a PNG as it is; convert \"{}\" to ZPL or PDF first",
            document.name
        )));
    }
    let address = format!("{host}:{port}");
    match tokio::time::timeout(timeout, deliver(host, port, &document.bytes)).await {
        Ok(result) => result.map_err(|stage| stage.into_error(&address)),
        Err(_elapsed) => Err(PrintError::Unreachable(format!(
            "{address} did not take the document within {}",
            describe(timeout)
        ))),
    }
}

/// Where the delivery broke, for a message that says what happened.
enum Failure {
    Connect(std::io::Error),
    Transfer(std::io::Error),
}

impl Failure {
    fn into_error(self, address: &str) -> PrintError {
        match self {
            Failure::Connect(error) => {
                PrintError::Unreachable(format!("could not connect to {address}: {error}"))
            }
            Failure::Transfer(error) => {
                PrintError::Unreachable(format!("connection to {address} broke: {error}"))
            }
        }
    }
}

async fn deliver(host: &str, port: u16, bytes: &[u8]) -> Result<Sent, Failure> {
    // `connect` resolves the name and tries each address in turn.
    let mut stream = TcpStream::connect((host, port))
        .await
        .map_err(Failure::Connect)?;
    stream.write_all(bytes).await.map_err(Failure::Transfer)?;
    stream.flush().await.map_err(Failure::Transfer)?;
    // Shutdown sends FIN after the data: the printer sees the job end here,
    // and an error means the connection was reset before that.
    stream.shutdown().await.map_err(Failure::Transfer)?;
    Ok(Sent::default())
}
