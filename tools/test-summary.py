#!/usr/bin/env python3
"""Counts the real results of `meson test` runs from their testlog.json.

    test-summary.py LOG [LOG ...] [--result NAME=ok|fail ...]

Several logs (a plain build and a sanitizer build) add up; each --result
counts one more test that ran outside meson (the fuzzer).

TAP tests count each subtest ("ok", "not ok", "# SKIP"); a test that
crashed before printing its plan counts as one failure; other tests count
by their meson result. Prints "N passed, N failed[, N skipped]" and exits
non-zero when anything failed or nothing ran.
"""
import json
import re
import sys

TAP_LINE = re.compile(r"^(not ok|ok)\b(.*)$")


def count(path):
    passed = failed = skipped = 0
    with open(path, encoding="utf-8") as log:
        for line in log:
            entry = json.loads(line)
            result = entry.get("result", "")
            output = entry.get("stdout") or ""
            tap = [TAP_LINE.match(l) for l in output.splitlines()]
            tap = [m for m in tap if m]
            if tap:
                for m in tap:
                    if "# SKIP" in m.group(2):
                        skipped += 1
                    elif m.group(1) == "ok":
                        passed += 1
                    else:
                        failed += 1
                # A crash or timeout after some subtests is one more failure.
                if result not in ("OK", "SKIP", "EXPECTEDFAIL") and not any(
                        m.group(1) == "not ok" for m in tap):
                    failed += 1
            elif result == "OK":
                passed += 1
            elif result == "SKIP":
                skipped += 1
            else:
                failed += 1
    return passed, failed, skipped


def main():
    passed = failed = skipped = 0
    args = sys.argv[1:]
    while args:
        arg = args.pop(0)
        if arg == "--result":
            name, _, outcome = args.pop(0).partition("=")
            if outcome == "ok":
                passed += 1
            else:
                failed += 1
                print(f"{name}: failed")
            continue
        p, f, s = count(arg)
        passed, failed, skipped = passed + p, failed + f, skipped + s
    line = f"{passed} passed, {failed} failed"
    if skipped:
        line += f", {skipped} skipped"
    print(line)
    return 1 if failed or passed == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
