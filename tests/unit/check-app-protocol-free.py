#!/usr/bin/env python3
"""src/app knows no wire format: no JSON, no frames, no raw requests. The
support desk and messaging reach the relay through src/core's objects."""
import pathlib
import re
import sys

root = pathlib.Path(sys.argv[1])
forbidden = re.compile(r"\b(json_\w+|Json(Object|Array|Node|Parser|Builder)|rd_frame_\w+|RD_FRAME_\w+|"
                       r"rd_client_request_async|rd_client_request_finish|rd_client_send_raw_async)\b")
found = []
for path in sorted((root / "src" / "app").glob("*.[ch]")):
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        match = forbidden.search(line)
        if match:
            found.append(f"{path.relative_to(root)}:{number}: {match.group(0)}")
for line in found:
    print(line)
print(f"{len(found)} uses of the wire format in src/app")
sys.exit(1 if found else 0)
