# Stubs for the compiled engine; the contract is docs/core-interface.md.
from collections.abc import Callable
from typing import TypeAlias

import numpy as np
import numpy.typing as npt

__version__: str

Column: TypeAlias = (
    npt.NDArray[np.int64] | npt.NDArray[np.uint64] | npt.NDArray[np.float64] | list[str]
)
Table: TypeAlias = dict[str, Column]

def check_scenario(text: str) -> list[tuple[str, str]]:
    """Parse and validate a scenario given as TOML text; every problem as (path, message)."""

def check_scenario_files(text: str, scenario_dir: str = "") -> list[tuple[str, str]]:
    """The problems with the files a valid scenario names (its edge list), read as a run does."""

def run(
    text: str,
    seed: int,
    replications: int,
    threads: int,
    progress: Callable[[float], None] | None,
    transactions: str | None = None,
    transactions_max_bytes: float = 4e9,
    scenario_name: str = "",
) -> dict[str, Table | dict[str, str | int | float]]:
    """Run replications on worker threads (GIL released); tables plus a "meta" entry.

    Tables: "store_periods", "periods", "stores", "totals", "replications".
    With `transactions`, streams the transaction log to that HDF5 file while the run goes
    (docs/output.md), marked complete when every replication finished; `scenario_name`
    goes to its /meta. Raises ValueError, before the run, when the log could exceed
    `transactions_max_bytes` before compression, or when the estimated memory exceeds the
    limit (see estimate_memory); OSError when the log cannot be created, WriteError when a
    write to it fails later; KeyboardInterrupt on Ctrl-C; ValueError for an invalid scenario.
    """

def estimate_memory(text: str, replications: int = 1, threads: int = 1) -> dict[str, int | None]:
    """Estimated peak memory in bytes: "total", its parts ("households", "relations",
    "stores", "queues", "result_rows"), "simulations_at_once", and the "limit" a run is
    checked against (None when unknown or turned off). ValueError for an invalid scenario.
    """

def metrics() -> list[dict[str, str]]:
    """Every metric column of the result tables, in table and column order: "name", "table",
    "type" ("int64" or "float64"), "unit" and "description"."""

def write_hdf5(path: str, meta: dict[str, str | int | float], tables: dict[str, Table]) -> None:
    """Write tables to `path` atomically (temporary name, then rename); WriteError (an
    OSError with errno) when the system refuses a step, OSError on other failures."""
