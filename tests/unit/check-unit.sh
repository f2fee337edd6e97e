#!/bin/bash
# check-unit.sh UNIT: systemd accepts the relay's unit file, and rates its
# exposure no worse than 2.5 ("OK" on systemd-analyze's scale of 0-10).
set -euo pipefail
unit="$1"
# verify loads it as systemd would (User= may be unknown on a build machine).
out=$(SYSTEMD_LOG_LEVEL=warning systemd-analyze verify "$unit" 2>&1 | grep -v "Unknown user\|Failed to resolve user\|relaydesk" || true)
if [ -n "$out" ]; then
  echo "systemd-analyze verify: $out"
  exit 1
fi
score=$(systemd-analyze security --offline=yes "$unit" 2>/dev/null | sed -n 's/.*Overall exposure level for .*: \([0-9.]*\).*/\1/p')
echo "exposure: ${score:-unknown}"
[ -n "$score" ] && awk -v s="$score" 'BEGIN { exit !(s <= 2.5) }'
