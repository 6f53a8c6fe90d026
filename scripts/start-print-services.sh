#!/usr/bin/env bash
# ippeveprinter (the real IPP printer the tests print to) announces itself by
# DNS-SD and will not start without it: start the system D-Bus and Avahi if
# they are not running. Needs root (CI and the dev container are root).
set -euo pipefail
if [[ ! -S /run/dbus/system_bus_socket ]]; then
    mkdir -p /run/dbus
    dbus-daemon --system --fork
fi
if ! avahi-daemon --check 2>/dev/null; then
    avahi-daemon --daemonize --no-chroot
fi
