#!/usr/bin/env bash
# Builds the libFuzzer targets of tests/fuzz/ with clang (Debian's clang 14 and
# libclang-rt-14-dev) under AddressSanitizer and UBSan, into build/fuzz/.
#   tests/fuzz/build.sh            build
#   tests/fuzz/build.sh --check    only say what is missing (exit 1 when something is)
# The engine sources a target needs are compiled into it directly, instrumented, and so is
# toml++ (header-only mode), so the fuzzer sees coverage inside the TOML parser too.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
out="$root/build/fuzz"
CXX="${FUZZ_CXX:-$(command -v clang++-14 || command -v clang++ || true)}"

missing=()
[ -n "$CXX" ] || missing+=(clang)
for pkg in libclang-rt-14-dev libtomlplusplus-dev libboost-dev; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "fuzzing needs Debian packages: ${missing[*]}" >&2
  echo "  apt-get install -y ${missing[*]}" >&2
  exit 1
fi
[ "${1:-}" = "--check" ] && exit 0

mkdir -p "$out/obj"
flags=(-std=c++20 -gline-tables-only -O1 -fno-omit-frame-pointer
       -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined
       -DTOML_HEADER_ONLY=1 -I"$root/sim/include" -I"$root/sim/src")
# toml++ 3.3.0 (Debian 12) asserts in parse_key() on a table header such as `[#towns.a]`
# before it reports the syntax error itself (tests/fuzz/corpus/found_tomlpp_parse_key_assert
# .toml; docs/reliability.md). Its release builds, like Debian's shared library, turn that
# assertion into an optimiser assumption and report the error. Set FUZZ_TOML_ASSERTS=1 to
# keep toml++'s own assertions; by default they are off so the fuzzer gets past it.
# It also reaches __builtin_unreachable() in is_non_ascii_horizontal_whitespace() for code
# points U+00A1..U+0499 (corpus/found_tomlpp_unreachable_whitespace.toml), which UBSan's
# `unreachable` check stops on; that check is off unless FUZZ_TOML_ASSERTS=1 too.
if [ "${FUZZ_TOML_ASSERTS:-0}" != 1 ]; then
  flags+=("-DTOML_ASSERT(expr)=((void)0)" -fno-sanitize=unreachable)
fi

# Compiles each source into its own object, in parallel, skipping those up to date (an
# object is stale when its source or any engine header is newer).
compile() {
  local objects=() pids=() src obj
  for src in "$@"; do
    obj="$out/obj/$(echo "${src#"$root"/}" | tr / _).o"
    objects+=("$obj")
    if [ ! -f "$obj" ] || [ -n "$(find "$src" "$root/sim/include" "$root/sim/src" \
        -newer "$obj" -name '*.[ch]pp' -print -quit)" ]; then
      "$CXX" "${flags[@]}" -c "$src" -o "$obj" & pids+=($!)
    fi
  done
  for pid in "${pids[@]}"; do wait "$pid"; done
  linked=("${objects[@]}")
}

# scenario_fuzz: parser and validator, plus model set-up for tiny valid scenarios.
compile "$root/tests/fuzz/scenario_fuzz.cpp" "$root"/sim/src/config/*.cpp \
  "$root"/sim/src/model/*.cpp "$root/sim/src/output/calendar.cpp"
"$CXX" -fsanitize=fuzzer,address,undefined -o "$out/scenario_fuzz" "${linked[@]}"
echo "built $out/scenario_fuzz"

# edge_list_fuzz: the edge-list reader and the adjacency built from it. It links the same
# engine objects (already compiled above), so only its own source is new.
compile "$root/tests/fuzz/edge_list_fuzz.cpp" "$root"/sim/src/config/*.cpp \
  "$root"/sim/src/model/*.cpp "$root/sim/src/output/calendar.cpp"
"$CXX" -fsanitize=fuzzer,address,undefined -o "$out/edge_list_fuzz" "${linked[@]}"
echo "built $out/edge_list_fuzz"
