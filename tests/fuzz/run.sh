#!/usr/bin/env bash
# Builds and runs every fuzz target of tests/fuzz/ for SECONDS each (default 60).
#   tests/fuzz/run.sh [SECONDS]
# Inputs found to add coverage are kept in build/fuzz/corpus/<target> (scenario_fuzz seeded
# from tests/fuzz/corpus/ and scenarios/, edge_list_fuzz from tests/fuzz/edge_list_corpus/),
# crashes in build/fuzz/artifacts/. Exits non-zero when
# a target crashes, leaks, hits UB or times out; the reproducer's path is printed.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
seconds="${1:-60}"
"$root/tests/fuzz/build.sh"
out="$root/build/fuzz"
for target in scenario_fuzz edge_list_fuzz; do
  corpus="$out/corpus/$target"
  mkdir -p "$corpus" "$out/artifacts"
  if [ "$target" = scenario_fuzz ]; then
    cp -n "$root"/tests/fuzz/corpus/* "$root"/scenarios/*.toml "$corpus"/
    dict="$root/tests/fuzz/scenario.dict"
  else
    cp -n "$root"/tests/fuzz/edge_list_corpus/* "$corpus"/
    dict="$root/tests/fuzz/edge_list.dict"
  fi
  echo "fuzzing $target for ${seconds}s"
  "$out/$target" "$corpus" -dict="$dict" \
    -max_total_time="$seconds" -max_len=4096 -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$out/artifacts/$target-" 2>"$out/$target.log" \
    || { tail -60 "$out/$target.log"; exit 1; }
  grep -E "^stat::number_of_executed_units|^stat::new_units_added|^#[0-9]+.*DONE" \
    "$out/$target.log" || true
done
