#!/usr/bin/env bash
# Runs a command in a private D-Bus session with an unlocked GNOME Keyring, so
# tests exercise the real OS keyring (Secret Service) without touching the
# user's own. Usage: scripts/with-keyring.sh cargo test ...
set -euo pipefail
if [[ "${PACKDESK_IN_KEYRING_SESSION:-}" != 1 ]]; then
    export PACKDESK_IN_KEYRING_SESSION=1
    exec dbus-run-session -- "$0" "$@"
fi
# A throwaway keyring directory: the daemon creates a fresh login keyring
# there, unlocked with a throwaway password (an empty one is refused).
keyrings=$(mktemp -d)
trap 'rm -rf "$keyrings"' EXIT
export XDG_DATA_HOME="$keyrings"
eval "$(printf 'packdesk-tests' | gnome-keyring-daemon --unlock --components=secrets)"
export GNOME_KEYRING_CONTROL
"$@"
