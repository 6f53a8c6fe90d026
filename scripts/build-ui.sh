#!/usr/bin/env bash
# Builds the Yew UI into ui/dist/ for the Tauri window: release wasm,
# wasm-bindgen's `--target web` glue, index.html, boot.js and styles.css.
# Runs from any directory. wasm-opt is used when installed, skipped otherwise.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
target_dir="${CARGO_TARGET_DIR:-$root/target}"
dist="$root/ui/dist"

# Size over speed for the wasm, set here so the workspace's release profile
# (used by the desk and the Tauri shell) is left alone. Override by exporting.
export CARGO_PROFILE_RELEASE_OPT_LEVEL="${CARGO_PROFILE_RELEASE_OPT_LEVEL:-s}"
export CARGO_PROFILE_RELEASE_LTO="${CARGO_PROFILE_RELEASE_LTO:-true}"
export CARGO_PROFILE_RELEASE_CODEGEN_UNITS="${CARGO_PROFILE_RELEASE_CODEGEN_UNITS:-1}"
export CARGO_PROFILE_RELEASE_PANIC="${CARGO_PROFILE_RELEASE_PANIC:-abort}"

cargo build -p packdesk-ui --target wasm32-unknown-unknown --release

# The binary target is named after the package (`packdesk-ui.wasm`); the glue
# is named `packdesk_ui.js` for index.html.
wasm="$target_dir/wasm32-unknown-unknown/release/packdesk-ui.wasm"
rm -rf "$dist"
mkdir -p "$dist"
wasm-bindgen --target web --no-typescript --out-dir "$dist" --out-name packdesk_ui "$wasm"

if command -v wasm-opt >/dev/null 2>&1; then
  wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int \
    -o "$dist/packdesk_ui_bg.wasm" "$dist/packdesk_ui_bg.wasm"
fi

cp "$root/ui/index.html" "$root/ui/boot.js" "$root/ui/styles.css" "$dist/"
echo "UI built into $dist"
