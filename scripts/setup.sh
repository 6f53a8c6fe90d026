#!/usr/bin/env bash
# Prepares a fresh machine to build Packdesk: system libraries for Tauri's
# WebKitGTK window, the wasm target and the wasm-bindgen CLI for the UI.
# With --test, also what the tests need: Xvfb, WebKitWebDriver, tauri-driver.
# Safe to run again: everything already present is skipped.
set -euo pipefail
cd "$(dirname "$0")/.."

want_test_tools=false
[ "${1:-}" = "--test" ] && want_test_tools=true

log() { printf '\033[1m==> %s\033[0m\n' "$*"; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

install_system_packages() {
  local packages=(build-essential pkg-config curl libssl-dev libwebkit2gtk-4.1-dev libayatana-appindicator3-dev
                  librsvg2-dev libsoup-3.0-dev libxdo-dev)
  if $want_test_tools; then
    # Xvfb + WebDriver for the window tests; GNOME Keyring for the OS keyring;
    # ippeveprinter (a real IPP printer) with Avahi, which it needs for DNS-SD;
    # PostgreSQL for the sync server's second storage back-end.
    packages+=(xvfb webkit2gtk-driver dbus dbus-x11 xauth gnome-keyring libsecret-tools
               cups-ipp-utils avahi-daemon postgresql)
  fi
  case "$(uname -s)" in
    Linux)
      if ! command -v apt-get >/dev/null; then
        log "Not a Debian/Ubuntu system: install the equivalents of: ${packages[*]}"
        return
      fi
      local missing=()
      for package in "${packages[@]}"; do
        dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
      done
      if [ ${#missing[@]} -gt 0 ]; then
        log "Installing system packages: ${missing[*]}"
        as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"
      fi
      ;;
    Darwin) xcode-select -p >/dev/null 2>&1 || xcode-select --install ;;
    *) log "Windows: install the WebView2 runtime and the MSVC build tools (see README)" ;;
  esac
}

install_rust_tools() {
  if ! command -v cargo >/dev/null; then
    log "Rust is required: install it from rustup.rs, then run this again"
    exit 1
  fi
  if $want_test_tools; then
    for component in rustfmt clippy; do
      rustup component list --installed | grep -q "^$component" || rustup component add "$component"
    done
  fi
  rustup target list --installed | grep -qx wasm32-unknown-unknown || {
    log "Adding the wasm32 target"
    rustup target add wasm32-unknown-unknown
  }
  # The Windows print spooler code is compile-checked on every run.
  if $want_test_tools; then
    rustup target list --installed | grep -qx x86_64-pc-windows-gnu || rustup target add x86_64-pc-windows-gnu
  fi
  # The CLI must match the wasm-bindgen library version in Cargo.lock exactly.
  local version
  version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3; exit }' Cargo.lock)
  if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$version" ]; then
    log "Installing wasm-bindgen-cli $version (a few minutes, once)"
    cargo install wasm-bindgen-cli --version "$version"
  fi
  if $want_test_tools && ! command -v tauri-driver >/dev/null; then
    log "Installing tauri-driver"
    cargo install tauri-driver --locked
  fi
}

export PATH="$HOME/.cargo/bin:$PATH"
install_system_packages
install_rust_tools
log "Setup complete"
