#!/usr/bin/env python3
"""Every file with user-visible translatable strings is in po/POTFILES, and
every file listed there exists."""
import pathlib
import re
import sys

root = pathlib.Path(sys.argv[1])
listed = {
    line.strip()
    for line in (root / "po" / "POTFILES").read_text().splitlines()
    if line.strip() and not line.startswith("#")
}
marked = set()
for path in list((root / "src").rglob("*.c")) + list((root / "ui").rglob("*.ui")):
    text = path.read_text(encoding="utf-8")
    if re.search(r'\b(N_|_|C_)\s*\("', text) or 'translatable="yes"' in text:
        marked.add(str(path.relative_to(root)))
# The app's desktop entry and metainfo; the relay's unit is not translated.
for path in (root / "data").glob("org.relaydesk.Relaydesk.*.in"):
    marked.add(str(path.relative_to(root)))
marked.add("data/org.relaydesk.Relaydesk.gschema.xml")

missing = sorted(marked - listed)
stale = sorted(p for p in listed if not (root / p).exists())
for p in missing:
    print(f"not in po/POTFILES: {p}")
for p in stale:
    print(f"in po/POTFILES but missing: {p}")
sys.exit(1 if missing or stale else 0)
