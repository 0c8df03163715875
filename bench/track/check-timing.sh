#!/usr/bin/env bash
# Times `dual track check <project>` after the first build (the issue's target: <= 5 s for one project).
# Usage: bench/track/check-timing.sh [PROJECT] [RUNS]   (from the repository root; writes only under a mktemp folder)
set -euo pipefail
project="${1:-neuron}"
runs="${2:-5}"
root="$(cd "$(dirname "$0")/../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

dotnet build "$root/src/Dual.Cli" -c Release -nologo -v:q >/dev/null
dual() { dotnet "$root/src/Dual.Cli/bin/Release/net10.0/dual.dll" "$@"; }

dual track init "$work/ws" --with-solutions >/dev/null
start=$(date +%s.%N)
dual track check "$project" --dir "$work/ws" >/dev/null
echo "first check (builds the workspace): $(echo "$(date +%s.%N) - $start" | bc) s"

for i in $(seq "$runs"); do
  start=$(date +%s.%N)
  dual track check "$project" --dir "$work/ws" >/dev/null
  echo "check $project run $i: $(echo "$(date +%s.%N) - $start" | bc) s"
done

# After an edit the workspace is rebuilt: touch the starter and time one more check.
touch "$work/ws"/0*-*/*.cs
start=$(date +%s.%N)
dual track check "$project" --dir "$work/ws" >/dev/null
echo "check $project after an edit (rebuild): $(echo "$(date +%s.%N) - $start" | bc) s"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
