#!/usr/bin/env bash
# Sets up this machine if needed, builds the UI and launches Packdesk.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
scripts/setup.sh
scripts/build-ui.sh
exec cargo run --release -p packdesk-app
