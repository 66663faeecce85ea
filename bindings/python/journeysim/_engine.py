"""The one place that imports the compiled engine, ``journeysim._core``.

It is imported on first use, so that the pure-Python parts (errors, reading result files,
plotting) import without it, and so that a missing build gives one clear message.
The functions here are typed pass-throughs of the contract in ``docs/core-interface.md``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import ModuleType
from typing import Any

__all__ = ["check_scenario", "estimate_memory", "metrics", "run", "version", "write_hdf5"]

Tables = dict[str, dict[str, Any]]


def _core() -> ModuleType:
    try:
        from journeysim import _core
    except ImportError as error:  # pragma: no cover - depends on the build
        raise ImportError(
            "journeysim's compiled engine (journeysim._core) is not built or not importable; "
            f"install the package with `make install` or `pip install .` ({error})"
        ) from error
    return _core


def version() -> str:
    """The engine's version string."""
    return str(_core().__version__)


def check_scenario(text: str) -> list[tuple[str, str]]:
    """Every problem with a scenario given as TOML text, as (path, message) pairs."""
    return [(str(path), str(message)) for path, message in _core().check_scenario(text)]


def check_scenario_files(text: str) -> list[tuple[str, str]]:
    """Every problem with the files a valid scenario names (its edge list), read as a run
    reads them, as (path, message) pairs."""
    return [(str(p), str(m)) for p, m in _core().check_scenario_files(text)]


def estimate_memory(text: str, replications: int, threads: int) -> dict[str, int | None]:
    """A run's estimated peak memory in bytes, by part, and the limit it is checked against."""
    estimate = _core().estimate_memory(text, replications, threads)
    return {str(key): value for key, value in estimate.items()}


def metrics() -> list[dict[str, str]]:
    """Every metric column of the result tables, in table and column order: name, table,
    type, unit and description, as the engine defines them next to its records."""
    return [{str(key): str(value) for key, value in metric.items()} for metric in _core().metrics()]


def run(
    text: str,
    seed: int,
    replications: int,
    threads: int,
    progress: Callable[[float], None] | None,
    *,
    transactions: str | None = None,
    transactions_max_bytes: float = 4e9,
    scenario_name: str = "",
) -> Tables:
    """Run a validated scenario; returns the tables and a ``"meta"`` entry.

    With ``transactions``, the transaction log is streamed to that HDF5 file as the run goes.
    """
    result: Tables = _core().run(
        text, seed, replications, threads, progress,
        transactions=transactions, transactions_max_bytes=transactions_max_bytes,
        scenario_name=scenario_name,
    )
    return result


def write_hdf5(path: str, meta: Mapping[str, str | int | float], tables: Tables) -> None:
    """Write result tables atomically to ``path`` in the layout of docs/output.md."""
    _core().write_hdf5(path, dict(meta), tables)
