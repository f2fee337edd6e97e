#!/bin/bash
# check-install.sh SOURCE BUILD: `meson install` puts both halves in place
# (the app with its desktop files; relaydeskd with its unit, user and
# config), and the client alone builds and installs as the Flatpak builds
# it (-Drelay=false -Dtests=false), without any of the relay.
set -euo pipefail
source="$1" build="$2"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

expect() {
  local root="$1"; shift
  for path in "$@"; do
    if ! compgen -G "$root$path" >/dev/null; then
      echo "not installed: $path"
      return 1
    fi
  done
}

meson install -C "$build" --no-rebuild --quiet --destdir "$work/both" >/dev/null
prefix=$(meson introspect "$build" --buildoptions | python3 -c \
  'import json,sys; print(next(o["value"] for o in json.load(sys.stdin) if o["name"] == "prefix"))')
expect "$work/both$prefix" /bin/relaydesk /bin/relaydeskd /lib/systemd/system/relaydeskd.service \
  /lib/sysusers.d/relaydesk.conf /share/applications/org.relaydesk.Relaydesk.desktop \
  /share/metainfo/org.relaydesk.Relaydesk.metainfo.xml /share/glib-2.0/schemas/org.relaydesk.Relaydesk.gschema.xml \
  '/share/icons/hicolor/*/apps/org.relaydesk.Relaydesk*.svg' /share/doc/relaydesk/admin.md
if [ -z "$(find "$work/both" -path '*etc/relaydesk/relaydeskd.conf')" ]; then
  echo "not installed: etc/relaydesk/relaydeskd.conf"
  exit 1
fi
grep -q "ExecStart=$prefix/bin/relaydeskd " "$work/both$prefix/lib/systemd/system/relaydeskd.service"

meson setup "$work/client" "$source" -Drelay=false -Dtests=false --prefix=/app >/dev/null
ninja -C "$work/client" >/dev/null
meson install -C "$work/client" --quiet --destdir "$work/app" >/dev/null
expect "$work/app" /app/bin/relaydesk /app/share/applications/org.relaydesk.Relaydesk.desktop
if compgen -G "$work/app/app/bin/relaydeskd" >/dev/null || compgen -G "$work/app/app/lib/systemd" >/dev/null; then
  echo "the client-only build installed relay files"
  exit 1
fi
echo "install: both halves, and the client alone: ok"
