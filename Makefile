# The README's two commands: `make run` and `make test`. Both install what is missing first.
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

test: install ctest pytest

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

pytest:
	$(VPY) -m pytest -q

clean:
	rm -rf build results
