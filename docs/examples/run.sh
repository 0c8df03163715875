#!/usr/bin/env bash
# Runs the F# example scripts with `dotnet fsi` and checks what they print.
#   bash docs/examples/run.sh             builds src/Dual.FSharp in Release first (the scripts #r its output)
#   bash docs/examples/run.sh --no-build  uses the existing build
# Exits non-zero if a script fails or prints a value other than the expected one.
set -uo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

if [[ "${1:-}" != "--no-build" ]]; then
  start=$(now)
  if ! dotnet build "$root/src/Dual.FSharp" -c Release --nologo -v quiet >"${TMPDIR:-/tmp}/dual-fsharp-build.log" 2>&1; then
    cat "${TMPDIR:-/tmp}/dual-fsharp-build.log"
    echo "examples: FAILED to build src/Dual.FSharp (Release)"
    exit 1
  fi
  echo "examples: built src/Dual.FSharp (Release) in $(elapsed "$start" "$(now)") s"
fi

passed=0
failed=0

# run SCRIPT EXPECTED-LINE...: runs the script, then requires each expected line verbatim in its output.
run() {
  local script="$1"; shift
  local out start status
  out="$(mktemp)"
  start=$(now)
  dotnet fsi --quiet --exec "$here/$script" >"$out" 2>&1
  status=$?
  local seconds
  seconds=$(elapsed "$start" "$(now)")
  local ok=1
  if [[ $status -ne 0 ]]; then
    echo "examples: $script exited with $status"
    ok=0
  fi
  local line
  for line in "$@"; do
    if ! grep -qxF -- "$line" "$out"; then
      echo "examples: $script did not print: $line"
      ok=0
    fi
  done
  if [[ $ok -eq 1 ]]; then
    echo "examples: $script ok in $seconds s"
    passed=$((passed + 1))
  else
    echo "---- output of $script ----"
    cat "$out"
    echo "----"
    failed=$((failed + 1))
  fi
  rm -f "$out"
}

total_start=$(now)
run neuron.fsx "grad_w = -0.18843862599320765" "grad_b = -0.12562575066213844"
run mlp.fsx "accuracy = 1"
run gpt.fsx "gpt gradcheck passed"
echo "examples: scripts took $(elapsed "$total_start" "$(now)") s"
echo "examples: $passed passed, $failed failed"
[[ $failed -eq 0 ]]
