# The README's two commands: `make run` and `make test`. Both install what is missing first.
# `make test` also runs the benchmark smoke (same-run ratios) and a short fuzzing run.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
VPY := $(VENV)/bin/python
APT_PACKAGES := libboost-dev libhdf5-dev libbenchmark-dev libgtest-dev libtomlplusplus-dev pkg-config
BUILD := build/python
JOBS ?= $(shell nproc)

.PHONY: run test install system-deps venv ctest pytest clean

run: install
	@mkdir -p results
	$(VENV)/bin/journeysim run scenarios/hopewell.toml -o results/hopewell.h5 --plot results/hopewell.png

test: install ctest pytest bench-smoke fuzz-smoke sanitize

# Debian packages: installed with apt-get when root, otherwise the exact command is printed.
system-deps:
	@missing=$$(for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing Debian packages:" $$missing; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	  else \
	    echo "missing Debian packages; run:"; \
	    echo "  sudo apt-get update && sudo apt-get install -y $$missing"; exit 1; \
	  fi; \
	fi

$(VPY):
	$(PYTHON) -m venv $(VENV)
	$(VPY) -m pip install -q --upgrade pip

# Build requirements live in the venv so the build is incremental (--no-build-isolation).
venv: $(VPY)
	$(VPY) -m pip install -q "scikit-build-core>=0.10" "pybind11>=2.12" "cmake>=3.24" ninja

# Builds the engine, the Python module and the C++ tests in one CMake tree ($(BUILD)) and
# installs the package into the venv in editable mode.
install: system-deps venv
	CMAKE_BUILD_PARALLEL_LEVEL=$(JOBS) $(VPY) -m pip install -q --no-build-isolation \
	  -C cmake.define.JOURNEYSIM_BUILD_TESTS=ON -e ".[test]"

ctest:
	ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS)

# Notebooks run through nbmake on small parameters: each reads JOURNEYSIM_NOTEBOOK_SMALL=1.
pytest:
	$(VPY) -m pytest -q
	JOURNEYSIM_NOTEBOOK_SMALL=1 $(VPY) -m pytest -q --nbmake notebooks/

clean:
	rm -rf build results

# Benchmarks (bench/README.md): Google Benchmark JSON in bench/results/, the SimPy peer, and
# ratios. Each builds only the programs it runs. bench-smoke is the same at small sizes (under
# a minute) and fails when a same-run ratio falls below its threshold: scheduler/bare loop
# >= 0.5, journeysim/SimPy >= 20x, and on the reduced model (bench/side_by_side.py)
# journeysim within 4.5x of bench/limit/, >= 50x the process-per-household SimPy peer, and a
# 1,000-household 1-year run in <= 3 ms of CPU.
.PHONY: bench bench-smoke
bench bench-smoke: install
	$(VPY) -m pip install -q simpy
	PATH="$(CURDIR)/$(VENV)/bin:$$PATH" cmake -S . -B build/bench -G Ninja \
	  -DJOURNEYSIM_BUILD_BENCH=ON -DCMAKE_BUILD_TYPE=Release
	PATH="$(CURDIR)/$(VENV)/bin:$$PATH" cmake --build build/bench --parallel $(JOBS) \
	  --target kernel_bench choice_bench model_bench limit $(if $(filter bench,$@),social_bench)
	@if [ "$@" = bench ]; then out=bench/results; \
	  kernel=(); choice=(); model=(); \
	  simpy=(--households 50000 --years 5); check=(); sbs=(); \
	else out=bench/results/smoke; \
	  kernel=(--benchmark_filter='/(1000|10000|100000)$$' --benchmark_min_time=0.05); \
	  choice=(--benchmark_min_time=0.02); model=(--benchmark_filter='/10000/'); \
	  simpy=(--households 10000 --years 2 --min-speedup 20); check=(--min-kernel-ratio 0.5); \
	  sbs=(--sizes 10000 100000 --years 2 --simpy-sizes 10000 --simpy-years 1 \
	       --max-limit-ratio 4.5 --min-household-ratio 50 --max-fixed-ms 3); \
	fi; mkdir -p $$out; \
	set -ex; \
	build/bench/bench/kernel_bench "$${kernel[@]}" --benchmark_out=$$out/kernel_bench.json --benchmark_out_format=json; \
	build/bench/bench/choice_bench "$${choice[@]}" --benchmark_out=$$out/choice_bench.json --benchmark_out_format=json; \
	build/bench/bench/model_bench "$${model[@]}" --benchmark_out=$$out/model_bench.json --benchmark_out_format=json; \
	$(VPY) bench/compare_simpy.py "$${simpy[@]}" --json $$out/simpy.json; \
	$(VPY) bench/side_by_side.py "$${sbs[@]}" --json $$out/side_by_side.json; \
	$(VPY) bench/compare.py --results $$out "$${check[@]}"; \
	if [ "$@" = bench ]; then \
	  build/bench/bench/social_bench --benchmark_filter='word_of_mouth' --benchmark_out=$$out/social_bench.json --benchmark_out_format=json; \
	  $(VPY) bench/plot_costs.py --results $$out --out docs; \
	  $(VPY) bench/sweep_scaling.py --json $$out/sweep_scaling.json; fi

# The metro scenario (bench/scenarios/metro.toml: a million households, 20 stores, 10 years)
# once on one thread: wall time, events/s, peak RSS per household. Not part of `make test`.
.PHONY: bench-metro
bench-metro: install
	PATH="$(CURDIR)/$(VENV)/bin:$$PATH" cmake -S . -B build/bench -G Ninja \
	  -DJOURNEYSIM_BUILD_BENCH=ON -DCMAKE_BUILD_TYPE=Release
	PATH="$(CURDIR)/$(VENV)/bin:$$PATH" cmake --build build/bench --parallel $(JOBS) --target metro_run
	@mkdir -p bench/results
	build/bench/bench/metro_run bench/scenarios/metro.toml bench/results/metro.json

# Fuzzing (tests/fuzz/, docs/reliability.md): libFuzzer under ASan+UBSan with Debian's clang.
# `make fuzz` runs each target for FUZZ_SECONDS from a new seed, with toml++'s assertions on.
# `make fuzz-smoke`, the short run for CI, tries FUZZ_SMOKE_RUNS inputs each from a fixed seed
# and the seed corpus, with toml++'s assertions compiled out as in every build of the engine
# (ASan and UBSan, `unreachable` included, stay on).
FUZZ_SECONDS ?= 60
FUZZ_SMOKE_RUNS ?= 20000
FUZZ_APT_PACKAGES := clang libclang-rt-14-dev libtomlplusplus-dev libboost-dev
.PHONY: fuzz fuzz-smoke fuzz-deps
fuzz: fuzz-deps
	FUZZ_JOBS=$(JOBS) tests/fuzz/run.sh $(FUZZ_SECONDS)
fuzz-smoke: fuzz-deps
	FUZZ_JOBS=$(JOBS) FUZZ_RUNS=$(FUZZ_SMOKE_RUNS) FUZZ_TOML_ASSERTS=0 tests/fuzz/run.sh
fuzz-deps:
	@tests/fuzz/build.sh --check 2>/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(FUZZ_APT_PACKAGES); \
	  else tests/fuzz/build.sh --check; fi; }

# Sanitizers (CMakePresets.json, docs/reliability.md): the C++ tests under ASan+UBSan with
# LeakSanitizer on (all tests), and under TSan (the tests that run replications on several
# threads). Each builds only the test binary and the engine, into build/<preset>/.
.PHONY: sanitize sanitize-address sanitize-thread
sanitize: sanitize-address sanitize-thread
sanitize-address sanitize-thread: venv
	@preset=$$([ $@ = sanitize-address ] && echo debug-sanitize || echo tsan); set -ex; \
	PATH="$(CURDIR)/$(VENV)/bin:$$PATH" cmake --preset $$preset >/dev/null; \
	PATH="$(CURDIR)/$(VENV)/bin:$$PATH" cmake --build --preset $$preset --parallel $(JOBS); \
	PATH="$(CURDIR)/$(VENV)/bin:$$PATH" ctest --preset $$preset -j $(JOBS)
