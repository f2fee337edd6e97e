#!/usr/bin/env python3
"""check-flatpak.py SOURCE_ROOT: the Flatpak manifest is what we ship.

It must parse, name the app id, the command and a GNOME runtime new enough
for GTK 4.8 and libadwaita 1.2 (GNOME 43 or later), grant exactly the
permissions flatpak/README.md explains, build every module from a source,
and build Relaydesk itself without the relay and the tests.
"""
import json
import re
import sys

ALLOWED = {
    "--share=network",
    "--share=ipc",
    "--socket=wayland",
    "--socket=fallback-x11",
    "--device=dri",
    "--socket=pulseaudio",
    "--filesystem=xdg-download",
    "--talk-name=org.freedesktop.Notifications",
    "--talk-name=org.freedesktop.FileManager1",
    "--talk-name=org.gnome.Mutter.IdleMonitor",
    "--talk-name=org.gnome.ScreenSaver",
    "--system-talk-name=org.freedesktop.login1",
    "--system-talk-name=org.freedesktop.NetworkManager",
}


def main(root):
    problems = []
    with open(f"{root}/flatpak/org.relaydesk.Relaydesk.json", encoding="utf-8") as f:
        manifest = json.load(f)
    with open(f"{root}/data/org.relaydesk.Relaydesk.desktop.in", encoding="utf-8") as f:
        desktop = f.read()
    with open(f"{root}/flatpak/README.md", encoding="utf-8") as f:
        readme = f.read()

    if manifest.get("id") != "org.relaydesk.Relaydesk":
        problems.append("id is not org.relaydesk.Relaydesk")
    exec_line = re.search(r"^Exec=(\S+)", desktop, re.M)
    if not exec_line or manifest.get("command") != exec_line.group(1):
        problems.append("command does not match the desktop file's Exec")
    if manifest.get("runtime") != "org.gnome.Platform" or manifest.get("sdk") != "org.gnome.Sdk":
        problems.append("not the GNOME runtime and SDK")
    try:
        if int(manifest.get("runtime-version", "0")) < 43:
            problems.append("runtime older than GNOME 43 (GTK 4.8, libadwaita 1.2)")
    except ValueError:
        problems.append("runtime-version is not a GNOME release number")

    granted = set(manifest.get("finish-args", []))
    for extra in sorted(granted - ALLOWED):
        problems.append(f"permission not needed: {extra}")
    for missing in sorted(ALLOWED - granted):
        problems.append(f"permission missing: {missing}")
    for arg in granted:
        if f"`{arg}" not in readme and arg not in readme:
            problems.append(f"flatpak/README.md does not explain {arg}")
    if any(a.startswith("--filesystem=home") or a == "--filesystem=host" for a in granted):
        problems.append("the home folder or the host is exposed")

    modules = manifest.get("modules", [])
    for module in modules:
        if not module.get("sources"):
            problems.append(f"module {module.get('name')} has no source")
    if not modules or modules[-1].get("name") != "relaydesk":
        problems.append("relaydesk is not the last module")
    else:
        opts = modules[-1].get("config-opts", [])
        for opt in ("-Drelay=false", "-Dtests=false"):
            if opt not in opts:
                problems.append(f"relaydesk module lacks {opt}")
        if modules[-1].get("buildsystem") != "meson":
            problems.append("relaydesk is not built with meson")

    with open(f"{root}/meson_options.txt", encoding="utf-8") as f:
        options = f.read()
    for name in ("relay", "tests"):
        if f"option('{name}'" not in options:
            problems.append(f"meson has no option {name}")

    for problem in problems:
        print(problem)
    print("flatpak manifest:", "ok" if not problems else f"{len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
