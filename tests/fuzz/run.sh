#!/usr/bin/env bash
# Builds and runs every fuzz target of tests/fuzz/ for SECONDS each (default 60).
#   tests/fuzz/run.sh [SECONDS]
#   FUZZ_RUNS=N tests/fuzz/run.sh   (N inputs each, from seed 1 and the seed corpus alone)
#   FUZZ_TOML_ASSERTS=0 ...          (toml++'s assertions compiled out, into build/fuzz-toml-asserts-off)
# A timed run explores from a new seed each time; a counted one does the same amount of work
# on any machine, starting where a fresh clone starts (`make fuzz-smoke`, run in CI).
# Inputs found to add coverage are kept in <out>/corpus/<target> (scenario_fuzz seeded from
# tests/fuzz/corpus/ and scenarios/, edge_list_fuzz from tests/fuzz/edge_list_corpus/),
# crashes in <out>/artifacts/, <out> being build/fuzz or the directory above. Exits non-zero
# when a target crashes, leaks, hits UB or times out; the reproducer's path is printed.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
seconds="${1:-60}"
out="$root/build/fuzz"
[ "${FUZZ_TOML_ASSERTS:-1}" = 1 ] || out+="-toml-asserts-off"
FUZZ_OUT="$out" "$root/tests/fuzz/build.sh"
for target in scenario_fuzz edge_list_fuzz; do
  corpus="$out/corpus/$target"
  # A counted run starts from the seed corpus alone, not from what earlier runs kept here.
  if [ -n "${FUZZ_RUNS:-}" ]; then corpus="$out/counted-corpus/$target"; rm -rf "$corpus"; fi
  mkdir -p "$corpus" "$out/artifacts"
  if [ "$target" = scenario_fuzz ]; then
    cp -n "$root"/tests/fuzz/corpus/* "$root"/scenarios/*.toml "$corpus"/
    dict="$root/tests/fuzz/scenario.dict"
  else
    cp -n "$root"/tests/fuzz/edge_list_corpus/* "$corpus"/
    dict="$root/tests/fuzz/edge_list.dict"
  fi
  if [ -n "${FUZZ_RUNS:-}" ]; then
    budget=(-runs="$FUZZ_RUNS" -seed=1)
    echo "fuzzing $target for $FUZZ_RUNS inputs from seed 1"
  else
    budget=(-max_total_time="$seconds")
    echo "fuzzing $target for ${seconds}s"
  fi
  "$out/$target" "$corpus" -dict="$dict" \
    "${budget[@]}" -max_len=4096 -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$out/artifacts/$target-" 2>"$out/$target.log" \
    || { tail -60 "$out/$target.log"; exit 1; }
  grep -E "^stat::number_of_executed_units|^stat::new_units_added|^#[0-9]+.*DONE" \
    "$out/$target.log" || true
done
