//! `packdesk`: the desk library from the command line, for scripting and support.
//!
//! Every command prints JSON on stdout. A failure prints the desk's
//! [`ErrorBody`](packdesk_domain::api::ErrorBody) as one JSON line on stderr and
//! exits with a code scripts can branch on without parsing text:
//!
//! | code | meaning |
//! |------|---------|
//! | 0 | success |
//! | 1 | internal failure: database, disk, a bug |
//! | 2 | bad input: malformed JSON or CSV, validation, unknown names, bad flags |
//! | 3 | forbidden: the role may not do this |
//! | 4 | not found: no such order |
//! | 5 | conflict: the order's state does not allow it |
//!
//! A refused command leaves the database as it was.

mod args;
mod commands;
mod input;
mod output;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    match args::Cli::try_parse() {
        Ok(cli) => match commands::run(cli) {
            Ok(()) => ExitCode::SUCCESS,
            Err(error) => output::failure(&error),
        },
        Err(error) => output::usage(&error),
    }
}
