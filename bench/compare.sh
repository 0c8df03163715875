#!/usr/bin/env bash
# Dual against the TorchSharp peer in one session. For each round and each workload: Dual, then the peer, so the two
# see the same machine load minutes apart at most; then one joined table (bench/compare.py) with medians over rounds.
#   bench/compare.sh                       # B1 B2 B3 B4 B5 GEMM, three rounds
#   ROUNDS=2 bench/compare.sh B2 B4        # a selection
# The peer is built (and its native library patched) before the first measurement.
# Env: PEERS   the peer harness folder (required; it is not part of this repository; its first build restores
#              TorchSharp-cpu, ~600 MB)
#      ROUNDS  (default 3);  OUT  where the logs go (default bench/results/<UTC stamp>);  DATA (default data/)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PEERS="${PEERS:?set PEERS to the folder that holds the peer harness (torchsharp/run.sh)}"
ROUNDS="${ROUNDS:-3}"
OUT="${OUT:-$ROOT/bench/results/$(date -u +%Y%m%dT%H%M%SZ)}"
DATA="${DATA:-$ROOT/data}"
WORK=("$@"); [[ ${#WORK[@]} -gt 0 ]] || WORK=(B1 B2 B3 B4 B5 GEMM)
mkdir -p "$OUT"
TREE="$(git -C "$ROOT" rev-parse --short HEAD) + $(git -C "$ROOT" status --short src | wc -l) uncommitted paths under src/"

dotnet build -c Release -nologo -v q "$ROOT/bench/Dual.Bench" >&2
# Run a private copy: a concurrent build of the solution would otherwise swap Dual.Core.dll between rounds.
mkdir -p "$OUT/dual-bin" && cp -r "$ROOT/bench/Dual.Bench/bin/Release/net10.0/." "$OUT/dual-bin/"
DUAL=(dotnet "$OUT/dual-bin/Dual.Bench.dll" --data "$DATA" --golden "$DATA/golden/microgpt-seed42")
PEER_RUN="$PEERS/torchsharp/run.sh"
NOBUILD=0

stamp() { echo "# round $1 $2 $3 $(date -u +%FT%TZ) loadavg=\"$(cat /proc/loadavg)\" tree: $TREE"; }
for ((r = 1; r <= ROUNDS; r++)); do
  for w in "${WORK[@]}"; do
    { stamp "$r" "$w" dual; "${DUAL[@]}" "$w"; } 2>&1 | tee -a "$OUT/dual-$r.txt"
    { stamp "$r" "$w" torchsharp; NOBUILD=$NOBUILD DATA="$DATA" bash "$PEER_RUN" "$w"; } 2>&1 | tee -a "$OUT/peer-$r.txt"
    NOBUILD=1
  done
done
python3 "$ROOT/bench/compare.py" "$OUT"/dual-*.txt "$OUT"/peer-*.txt | tee "$OUT/table.md"
