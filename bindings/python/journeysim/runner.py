"""Running a scenario: :func:`run`."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from pathlib import Path

from journeysim import _engine
from journeysim.arguments import integer
from journeysim.output_paths import claimed
from journeysim.progress import ProgressBar
from journeysim.results import Results
from journeysim.scenario import Scenario

__all__ = ["run"]

_UINT64_MAX = 2**64 - 1


def run(
    scenario: Scenario | str | os.PathLike[str],
    seed: int = 0,
    replications: int = 1,
    threads: int | None = None,
    progress: bool | Callable[[float], None] = False,
    transactions: str | os.PathLike[str] | None = None,
    transactions_max_bytes: float = 4e9,
) -> Results:
    """Simulate ``scenario`` and return its :class:`Results`.

    Args:
        scenario: a :class:`Scenario`, or the path of a scenario file.
        seed: the root seed (0 <= seed < 2**64); replication ``r`` draws from streams
            derived from ``(seed, r)``, so the same seed gives bit-identical results.
        replications: how many independent replications to run (>= 1).
        threads: worker threads (>= 1); ``None`` means ``min(replications, cpu count)``.
            Results do not depend on it.
        progress: ``True`` shows a progress bar on stderr; a callable is called with the
            fraction done about every 100 ms instead.
        transactions: the path of an HDF5 file to stream the transaction log to, one row
            per purchase, written while the run goes (``docs/output.md``; read it with
            :func:`journeysim.load_transactions`). ``None`` (the default): no log.
        transactions_max_bytes: the run is refused, before it starts, when its log could
            exceed this many bytes before compression (estimated from households, needs per
            year, years and replications; the message gives the estimate).

    Raises:
        ValueError: an argument is out of range (the message names it and its value).
        ConfigError: the scenario is not valid.
        FileNotFoundError: the directory of ``transactions`` does not exist.
        OSError: the transaction log cannot be created (the message names it);
            :class:`~journeysim.WriteError` when a write to it fails during the run (its
            committed rows stay readable), BlockingIOError while another process writes it.
        KeyboardInterrupt: Ctrl-C; the run stops within about 100 ms.
    """
    seed = integer("seed", seed, 0, _UINT64_MAX)
    replications = integer("replications", replications, 1)
    if threads is None:
        threads = min(replications, os.cpu_count() or 1)
    threads = integer("threads", threads, 1)
    if isinstance(scenario, Scenario):
        scenario.validate()  # cheap, and a Scenario built directly has not been checked
    else:
        scenario = Scenario.from_file(scenario)
    log = _log_path(transactions)
    if not transactions_max_bytes > 0:
        raise ValueError(
            f"transactions_max_bytes must be a number > 0 (got {transactions_max_bytes!r})"
        )
    text = scenario.to_toml()
    # The log is held from the start: another process writing it would be refused now.
    with claimed(log), _progress_callback(progress) as callback:
        output = _engine.run(
            text, seed, replications, threads, callback,
            transactions=log, transactions_max_bytes=float(transactions_max_bytes),
            scenario_name=scenario.name,
        )
    return Results.from_engine(output, scenario_name=scenario.name)


def _log_path(transactions: str | os.PathLike[str] | None) -> str | None:
    """The log's path as text, checked before the run: a file in an existing directory."""
    if transactions is None:
        return None
    if not isinstance(transactions, (str, os.PathLike)):
        raise ValueError(f"transactions must be a file path or None (got {transactions!r})")
    path = Path(transactions)
    if path.is_dir():
        raise ValueError(f"transactions: {path} is a directory, not a file path")
    if not path.parent.is_dir():
        raise FileNotFoundError(2, "transactions: no such directory", str(path.parent))
    return os.fspath(path)


def _progress_callback(
    progress: bool | Callable[[float], None],
) -> contextlib.AbstractContextManager[Callable[[float], None] | None]:
    if progress is True:
        return contextlib.closing(ProgressBar())
    if progress is False or progress is None:
        return contextlib.nullcontext(None)
    if callable(progress):
        return contextlib.nullcontext(progress)
    raise ValueError(f"progress must be a bool or a callable (got {progress!r})")
