#!/usr/bin/env bash
# Sets up this machine if needed and runs every test: domain, desk, CLI and
# UI logic on the host, then the end-to-end suite in a real window under Xvfb.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"

scripts/setup.sh --test
scripts/build-ui.sh

echo "==> Lints"
cargo fmt --all --check
cargo clippy --workspace --exclude packdesk-ui --all-targets -- -D warnings
cargo clippy -p packdesk-ui --target wasm32-unknown-unknown -- -D warnings
# The Windows spooler module only builds on Windows: check it compiles.
cargo check -p packdesk-printing --target x86_64-pc-windows-gnu

echo "==> Unit, property and integration tests"
# Real printers and the real OS keyring: ippeveprinter needs Avahi, the
# keyring a D-Bus session with GNOME Keyring.
scripts/start-print-services.sh
scripts/with-keyring.sh cargo test --workspace --exclude packdesk-e2e --exclude packdesk-ui
cargo test -p packdesk-ui --lib

echo "==> End-to-end tests in a real window"
cargo build -p packdesk-app
cargo test -p packdesk-e2e --no-run
# Bounded: a wedged WebDriver call must fail the run, not stall CI.
timeout --signal=TERM 900 xvfb-run -a scripts/with-keyring.sh cargo test -p packdesk-e2e -- --test-threads=1
