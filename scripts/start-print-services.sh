#!/usr/bin/env bash
# ippeveprinter (the real IPP printer the tests print to) announces itself by
# DNS-SD and will not start without it: start the system D-Bus and Avahi if
# they are not running. Needs root (CI and the dev container are root).
#
# A machine whose earlier processes were stopped keeps their sockets and pid
# files under /run: liveness is checked by asking, never by a file existing.
set -euo pipefail

system_bus_answers() {
    dbus-send --system --print-reply --dest=org.freedesktop.DBus \
        /org/freedesktop/DBus org.freedesktop.DBus.GetId >/dev/null 2>&1
}

if ! system_bus_answers; then
    rm -f /run/dbus/pid /run/dbus/system_bus_socket
    mkdir -p /run/dbus
    dbus-daemon --system --fork
    for _ in $(seq 50); do system_bus_answers && break; sleep 0.1; done
    system_bus_answers || { echo "start-print-services: the system D-Bus did not start" >&2; exit 1; }
fi

if ! avahi-daemon --check 2>/dev/null; then
    rm -f /run/avahi-daemon/pid
    # Started in the foreground of a background job (not --daemonize, whose
    # errors go to a syslog CI does not have) so a failure shows its reason.
    log=$(mktemp)
    setsid avahi-daemon --no-chroot >"$log" 2>&1 </dev/null &
    for _ in $(seq 50); do avahi-daemon --check 2>/dev/null && break; sleep 0.1; done
    if ! avahi-daemon --check 2>/dev/null; then
        echo "start-print-services: avahi-daemon did not start:" >&2
        cat "$log" >&2
        exit 1
    fi
fi
