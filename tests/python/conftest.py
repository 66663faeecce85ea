"""Shared scenarios, runs and command-line helpers for the Python tests."""

from __future__ import annotations

import copy
import datetime as dt
import os
import signal
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import tomli_w

import journeysim as js

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

__all__ = ["tomllib"]  # re-exported for the tests, which run on Python 3.10 too

# The smallest valid scenario: one town, one online store, a year.
MINIMAL: dict[str, Any] = {
    "simulation": {"years": 1},
    "households": {"count": 200},
    "towns": {"only": {"x": 0.0, "y": 0.0, "radius_km": 2.0, "share": 1.0}},
    "needs": {"rate_per_year": 2.0},
    "stores": {"a": {"type": "online"}},
}

# A small town with every kind of store, a mall, and an opening and a closing on the way.
HIGH_STREET: dict[str, Any] = {
    "simulation": {"start_year": 1990, "years": 3.0, "warmup_years": 0.5},
    "households": {
        "count": 1500,
        "max_travel_km": 30.0,
        "price_sensitivity": {"mean": 2.0, "sd": 0.5},
        "distance_sensitivity": {"mean": 0.1, "sd": 0.03},
        "relationship_orientation": {"mean": 1.5, "sd": 0.5},
    },
    "towns": {
        "north": {"x": 0.0, "y": 0.0, "radius_km": 3.0, "share": 0.6},
        "south": {"x": 0.0, "y": -8.0, "radius_km": 2.0, "share": 0.4},
    },
    "needs": {"rate_per_year": 4.0, "spend": 40.0},
    "malls": {"plaza": {"x": 2.0, "y": -4.0, "opens": dt.date(1991, 6, 1)}},
    "stores": {
        "corner": {
            "type": "relationship",
            "x": 0.1,
            "y": 0.2,
            "price_index": 1.1,
            "staff": 1,
            "service_minutes": 20.0,
            "availability": 0.85,
        },
        "value": {
            "type": "chain",
            "x": 0.5,
            "y": -7.5,
            "opens": 1990,
            "closes": dt.date(1992, 7, 1),
            "price_index": 0.85,
            "staff": 2,
            "service_minutes": 15.0,
        },
        "grand": {
            "type": "department",
            "mall": "plaza",
            "opens": dt.date(1991, 6, 1),
            "staff": 3,
            "availability": 0.95,
        },
        "web": {"type": "online", "price_index": 0.95},
    },
}


def minimal() -> dict[str, Any]:
    """A fresh copy of the minimal scenario, to change at will."""
    return copy.deepcopy(MINIMAL)


def high_street() -> dict[str, Any]:
    """A fresh copy of the small multi-store scenario."""
    return copy.deepcopy(HIGH_STREET)


def write_scenario(path: Path, data: Mapping[str, Any]) -> Path:
    """Write ``data`` as a TOML scenario file at ``path``; returns the path."""
    path.write_text(tomli_w.dumps(dict(data)), encoding="utf-8")
    return path


def three_mistakes() -> dict[str, Any]:
    """The minimal scenario with three independent mistakes, and their paths."""
    data = minimal()
    data["stores"]["a"]["staff"] = 0
    data["households"]["count"] = -1
    data["stores"]["a"]["price_idx"] = 0.9
    return data


THREE_MISTAKE_PATHS = ("stores.a.staff", "households.count", "stores.a.price_idx")


def same_values(first: Any, second: Any) -> bool:
    """Whether two columns are identical: same dtype kind and length, floats bit for bit.

    NaN (a metric with nothing to measure, such as the wait in a period without visits)
    equals NaN here, as it must for bit-identical reproducibility.
    """
    first, second = np.asarray(first), np.asarray(second)
    if first.shape != second.shape or first.dtype.kind != second.dtype.kind:
        return False
    if first.dtype.kind == "f":
        return first.astype(np.float64).tobytes() == second.astype(np.float64).tobytes()
    return bool(np.array_equal(first, second))


def console_script() -> Path:
    """The installed ``journeysim`` console script beside this interpreter."""
    return Path(sys.executable).with_name("journeysim")


def journeysim_cli(
    *args: str | os.PathLike[str],
    cwd: Path | None = None,
    script: bool = False,
    timeout: float = 120.0,
) -> subprocess.CompletedProcess[str]:
    """Run the CLI (``python -m journeysim``, or the console script) and capture it."""
    command: Sequence[str | os.PathLike[str]] = (
        [console_script()] if script else [sys.executable, "-m", "journeysim"]
    )
    return subprocess.run(
        [*command, *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=cli_environment(),
        check=False,
    )


def cli_environment() -> dict[str, str]:
    """The environment for CLI subprocesses: no debug tracebacks, no colour games."""
    env = dict(os.environ)
    env.pop("JOURNEYSIM_DEBUG", None)
    return env


def interrupt(process: subprocess.Popen[str], timeout: float) -> tuple[str, float]:
    """Sends SIGINT to a running CLI process (opened with text pipes); returns its stderr and
    the seconds it took to end. The process is killed if it outlives ``timeout``."""
    process.send_signal(signal.SIGINT)
    sent = time.monotonic()
    try:
        _, err = process.communicate(timeout=timeout)
    finally:
        if process.poll() is None:
            process.kill()
    return err, time.monotonic() - sent


@pytest.fixture(scope="session")
def high_street_results() -> js.Results:
    """One run of the multi-store scenario with two replications, shared by many tests."""
    return js.run(js.Scenario.from_dict(high_street()), seed=11, replications=2)


@pytest.fixture(scope="session")
def high_street_file(
    high_street_results: js.Results, tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """``high_street_results`` written to an HDF5 file."""
    path = tmp_path_factory.mktemp("hdf5") / "high_street.h5"
    high_street_results.to_hdf5(path)
    return path
