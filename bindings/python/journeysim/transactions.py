"""Reading a transaction log: :func:`load_transactions`.

A run given ``transactions="log.h5"`` streams one row per purchase to that file while it
goes (layout in ``docs/output.md``): ``/meta`` as in a result file, the ``/stores`` table,
and one group per replication under ``/transactions`` whose ``rows`` attribute counts the
rows committed so far. The file lives under its final name from the start, so that a run
that was killed leaves a readable prefix; ``/transactions`` says ``complete = 1`` only when
every replication ran to its horizon. ``/stores`` and ``/categories`` name the codes.

Logs are read as untrusted input, like result files (:func:`journeysim.load_results`):
anything that is not a readable journeysim log raises ValueError naming the file and what
is wrong, and links to other files are refused.
"""

from __future__ import annotations

import os
import warnings
from pathlib import Path
from typing import Any

import h5py
import numpy as np
import pandas as pd

# The checks a result file gets apply to a log as well; one implementation of them.
from journeysim.hdf5 import (
    _MAX_COLUMN_BYTES,
    _attribute,
    _Damaged,
    _first_line,
    _member,
    _open,
    _plain_column,
)

__all__ = ["COLUMNS", "IncompleteLogWarning", "load_transactions"]

#: The log's columns as :func:`load_transactions` returns them (``replication`` first).
COLUMNS = (
    "replication",
    "time",
    "household",
    "store",
    "category",
    "salesperson",
    "price_paid",
    "discount",
)

# The datasets of each replication's group, and the dtype kinds each may have.
_DATASETS = {
    "time": "f",
    "household": "iu",
    "store": "iu",
    "category": "iu",
    "salesperson": "iu",
    "price_paid": "f",
    "discount": "iu",
}

_META = ("journeysim_version", "scenario", "seed", "replications")


class IncompleteLogWarning(UserWarning):
    """The log's run did not finish (killed, interrupted or failed): only a prefix is read."""


def load_transactions(
    path: str | os.PathLike[str], *, incomplete: str = "warn"
) -> pd.DataFrame:
    """Read a transaction log into a DataFrame, one row per purchase.

    Columns: ``replication`` (int), ``time`` (days since 1 January of ``start_year``, float),
    ``household`` (int), ``store`` and ``category`` (categoricals of the run's store and
    category names, all of them), ``salesperson`` (int, -1 when nobody served),
    ``price_paid`` (float), ``discount`` (categorical: none, sale, coupon, ...). Rows are in
    replication order, then time order. ``frame.attrs`` holds the log's ``/meta`` plus
    ``complete`` (bool) and, for a complete log, ``observation_end`` (the run's horizon in
    days, which :func:`journeysim.rfm` uses by default).

    A log whose run did not finish holds only the rows committed before it stopped. Then
    ``incomplete="warn"`` (the default) returns those rows with an
    :class:`IncompleteLogWarning`, ``"ignore"`` returns them silently, and ``"raise"``
    raises ValueError.

    Raises FileNotFoundError when there is no such file, and ValueError naming the file and
    what is wrong when it is not a readable journeysim transaction log.
    """
    if incomplete not in ("warn", "ignore", "raise"):
        raise ValueError(f"incomplete must be 'warn', 'ignore' or 'raise' (got {incomplete!r})")
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(2, "transaction log not found", str(path))
    try:
        with _open_log(path) as file:
            meta = _read_meta(file)
            stores = _names(file, "stores")
            categories = _names(file, "categories")
            complete, replications = _read_header(file, meta)
            parts = [_read_replication(file, r) for r in range(replications)]
    except _Damaged as error:
        raise ValueError(f"{path}: {error}") from None
    frame = _frame(parts, stores, categories, path)
    frame.attrs.update(meta)
    frame.attrs["complete"] = complete
    if complete and "horizon_days" in meta:
        frame.attrs["observation_end"] = float(meta["horizon_days"])
    if not complete:
        rows = ", ".join(f"{r}: {len(part['time']):,}" for r, part in enumerate(parts))
        message = (
            f"{path}: the transaction log is incomplete (its run was killed, interrupted or "
            f"failed); only the committed rows are read (per replication {rows})"
        )
        if incomplete == "raise":
            raise ValueError(message)
        if incomplete == "warn":
            warnings.warn(message, IncompleteLogWarning, stacklevel=2)
    return frame


def _open_log(path: Path) -> h5py.File:
    try:
        return _open(path)
    except _Damaged as error:
        if "unable to lock file" in str(error):
            raise _Damaged(
                "is being written by a running process (it holds the HDF5 file lock); wait "
                "for the run to end, or read the committed rows with "
                "h5py.File(path, 'r', locking=False) (docs/output.md)"
            ) from None
        raise


def _read_meta(file: h5py.File) -> dict[str, Any]:
    group = _member(
        file, "meta", what="group /meta",
        missing="not a journeysim transaction log (no /meta group)",
    )
    try:
        meta = {key: _attribute(value) for key, value in group.attrs.items()}
    except (OSError, KeyError, RuntimeError, TypeError, ValueError) as error:
        raise _Damaged(f"damaged /meta attributes ({_first_line(error)})") from None
    lacking = [key for key in _META if key not in meta]
    if lacking:
        raise _Damaged(f"not a journeysim transaction log (/meta lacks {', '.join(lacking)})")
    return meta


def _names(file: h5py.File, table: str) -> list[str]:
    """The ``name`` column of ``/stores`` or ``/categories``: what the log's codes index."""
    group = _member(file, table, what=f"table /{table}",
                    missing=f"not a journeysim transaction log (no /{table} table)")
    if not isinstance(group, h5py.Group):
        raise _Damaged(f"/{table} is not a group of columns")
    names = _prefix(_member(group, "name", what=f"column /{table}/name",
                            missing=f"table /{table} lacks the column name"),
                    None, f"/{table}/name", "S")
    return [name.decode("utf-8", "replace") for name in names]


def _read_header(file: h5py.File, meta: dict[str, Any]) -> tuple[bool, int]:
    group = _member(file, "transactions", what="group /transactions",
                    missing="not a journeysim transaction log (no /transactions group; "
                    "a result file? read it with journeysim.load_results)")
    if not isinstance(group, h5py.Group):
        raise _Damaged("/transactions is not a group")
    complete = _count(group, "complete", "/transactions")
    replications = _count(group, "replications", "/transactions")
    if replications != meta["replications"] or replications < 1:
        raise _Damaged(
            f"/transactions declares {replications} replication(s), /meta "
            f"{meta['replications']}"
        )
    return complete == 1, replications


def _read_replication(file: h5py.File, replication: int) -> dict[str, np.ndarray]:
    where = f"/transactions/{replication}"
    group = _member(file["transactions"], str(replication), what=f"group {where}",
                    missing=f"missing group {where}")
    if not isinstance(group, h5py.Group):
        raise _Damaged(f"{where} is not a group")
    rows = _count(group, "rows", where)
    columns = {
        name: _prefix(
            _member(group, name, what=f"column {where}/{name}",
                    missing=f"{where} lacks the column {name}"),
            rows, f"{where}/{name}", kinds,
        )
        for name, kinds in _DATASETS.items()
    }
    labels = _attribute(group["discount"].attrs.get("labels", ""))
    if not isinstance(labels, str) or not labels:
        raise _Damaged(f"{where}/discount lacks its 'labels' attribute")
    columns["discount_labels"] = np.array(labels.split(","))
    return columns


def _count(group: h5py.Group, name: str, where: str) -> int:
    try:
        value = _attribute(group.attrs[name])
    except KeyError:
        raise _Damaged(f"{where} lacks the attribute '{name}'") from None
    except (OSError, RuntimeError, TypeError, ValueError) as error:
        raise _Damaged(f"damaged attribute {where}:{name} ({_first_line(error)})") from None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise _Damaged(f"attribute {where}:{name} must be an integer >= 0 (got {value!r})")
    return value


def _prefix(dataset: Any, rows: int | None, where: str, kinds: str) -> np.ndarray:
    """The first ``rows`` values of a 1-D dataset (all when None), checked."""
    dataset = _plain_column(dataset, where)
    if dataset.dtype.kind not in kinds:
        raise _Damaged(f"{where} has dtype {dataset.dtype}, not the expected kind")
    if rows is None:
        rows = dataset.shape[0]
    if rows > dataset.shape[0]:
        raise _Damaged(f"{where} holds {dataset.shape[0]:,} rows, fewer than the {rows:,} "
                       "committed")
    if rows * dataset.dtype.itemsize > _MAX_COLUMN_BYTES:
        raise _Damaged(f"{where} declares {rows:,} rows, more than a column may hold; refused")
    try:
        return np.asarray(dataset[:rows])
    except (OSError, KeyError, RuntimeError, TypeError, ValueError) as error:
        raise _Damaged(f"damaged column {where} ({_first_line(error)})") from None


def _frame(
    parts: list[dict[str, np.ndarray]], stores: list[str], categories: list[str], path: Path
) -> pd.DataFrame:
    def column(name: str, dtype: type) -> np.ndarray:
        return np.concatenate([part[name] for part in parts]).astype(dtype)

    def coded(name: str, names: list[str]) -> pd.Categorical:
        codes = column(name, np.int64)
        outside = (codes < 0) | (codes >= len(names))
        if outside.any():
            raise ValueError(
                f"{path}: column {name} holds {codes[outside][0]}, outside the "
                f"{len(names)} known {name} codes"
            )
        return pd.Categorical.from_codes(codes, categories=names)

    count = [len(part["time"]) for part in parts]
    return pd.DataFrame(
        {
            "replication": np.repeat(np.arange(len(parts), dtype=np.int64), count),
            "time": column("time", np.float64),
            "household": column("household", np.int64),
            "store": coded("store", stores),
            "category": coded("category", categories),
            "salesperson": column("salesperson", np.int64),
            "price_paid": column("price_paid", np.float64),
            "discount": coded("discount", list(parts[0]["discount_labels"])),
        }
    )
