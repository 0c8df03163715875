#!/usr/bin/env bash
# Mutation testing of Dual.Core (and, as a first look, Dual.Models) with Stryker.NET (a local tool, .config/dotnet-tools.json).
# Not part of CI: a full run takes tens of minutes. See docs/verification.md.
#
#   tools/mutation.sh [target...]      targets: ops kernels interpretation checking (default: all), models (Dual.Models,
#                                      not in the default set: a first look, issue 17; narrow it with STRYKER_ARGS)
#
# Each target's config is stryker/<target>.json. The run happens in a temporary copy of the
# repository (Stryker rebuilds the projects and swaps mutated assemblies into bin/, which must not
# collide with your own builds); the reports come back to docs/measurements/:
#   mutation-<date>-<target>.md     the summary table (markdown reporter) and every undetected mutant (tools/mutation-survivors.py)
#   mutation-<date>-<target>.json   with KEEP_JSON=1: the full report (every mutant and its source; ~0.7 MB)
# Environment: KEEP_JSON=1 keeps the JSON report too, STRYKER_CONCURRENCY (default 1: the machine is usually shared),
#              KEEP_WORK=1 keeps the temporary copy (its logs) after the run,
#              STRYKER_ARGS (extra options passed to dotnet stryker, e.g. "--mutate **/Gemm.cs").
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(ops kernels interpretation checking)
for t in "${targets[@]}"; do
  [ -f "$repo/stryker/$t.json" ] || { echo "unknown target '$t' (no stryker/$t.json)" >&2; exit 2; }
done

date_tag="$(date -u +%Y-%m-%d)"
# The commit the copy is taken from (and whether files differed from it), recorded before anything can change.
commit="$(cd "$repo" && git rev-parse --short HEAD 2>/dev/null || echo unknown)"
if [ -n "$(cd "$repo" && git status --short src tests 2>/dev/null)" ]; then commit="$commit + uncommitted changes"; fi
out_dir="$repo/docs/measurements"
work="$(mktemp -d -t dual-mutation.XXXXXX)"
if [ -z "${KEEP_WORK:-}" ]; then trap 'rm -rf "$work"' EXIT; fi
echo "copying the repository to $work"
(cd "$repo" && tar --exclude='./.git' --exclude='*/bin' --exclude='*/obj' --exclude='./StrykerOutput' -cf - .) | tar -xf - -C "$work"

cd "$repo" && dotnet tool restore >/dev/null
for t in "${targets[@]}"; do
  echo "== mutation target: $t"
  report="$work/report-$t"
  # The test project whose folder Stryker runs in: the one that covers the target's assembly.
  tests_dir="tests/Dual.Core.Tests"; [ "$t" = models ] && tests_dir="tests/Dual.Models.Tests"
  # STRYKER_ARGS is split into words but never globbed: its --mutate patterns are Stryker's to expand.
  (set -f; cd "$work/$tests_dir" && \
    dotnet stryker --config-file "$work/stryker/$t.json" \
      --concurrency "${STRYKER_CONCURRENCY:-1}" --output "$report" --skip-version-check \
      ${STRYKER_ARGS:-}) | tee "$work/log-$t.txt"
  md="$(find "$report" -name '*.md' | head -n 1)"
  json="$(find "$report" -name '*.json' | head -n 1)"
  {
    echo "# Mutation run: $t ($date_tag)"
    echo
    echo "Command: \`tools/mutation.sh $t\` (Stryker.NET $(grep -A1 '"dotnet-stryker"' "$repo/.config/dotnet-tools.json" | grep -o '[0-9][0-9.]*' | head -n 1)," \
         "config stryker/$t.json${STRYKER_ARGS:+, extra: $STRYKER_ARGS}), commit $commit."
    echo
    grep -E 'The final mutation score is|mutants (killed|survived)|Killed:|Survived:|Timeout:|No coverage:' "$work/log-$t.txt" | sed 's/^/    /' || true
    echo
    [ -n "$md" ] && cat "$md"
    # Every undetected mutant, readable without the HTML report.
    if [ -n "$json" ]; then echo; echo "## Undetected mutants"; echo; python3 "$repo/tools/mutation-survivors.py" "$json"; fi
  } > "$out_dir/mutation-$date_tag-$t.md"
  # The full report (every mutant, with the source) is large: kept beside the summary only on request.
  if [ -n "${KEEP_JSON:-}" ] && [ -n "$json" ]; then cp "$json" "$out_dir/mutation-$date_tag-$t.json"; fi
  echo "report: docs/measurements/mutation-$date_tag-$t.md"
done
