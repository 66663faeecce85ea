"""Reading result files.

Result files are written by the engine (``Results.to_hdf5``) and read here with h5py
alone, as any other program can read them: ``/meta`` holds the run's attributes, and each
other group is a table with one 1-D dataset per column (``docs/output.md``).

Result files are copied between machines, so they are read as untrusted input: a file that
is empty, truncated, damaged, foreign or inconsistent raises ValueError naming the file and
what is wrong, before any of it reaches a :class:`Results` (``docs/reliability.md``). Links
to other files (external links, external or virtual datasets) are refused, so that reading
a result file never reads any other file. Every column carries HDF5's Fletcher-32 checksum,
so damage to its values, not only to the file's structure, is detected.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path
from typing import Any

import h5py
import numpy as np

from journeysim.results import TABLES, Results, metric_columns

__all__ = ["is_temporary_result", "load_results"]

_META = ("journeysim_version", "scenario", "seed", "replications")

# The columns a file must hold: those Results needs, and every metric column (``summary``
# reads them). A column the writer wrote but HDF5 can no longer open is an error, never
# silently left out.
def _required(name: str) -> tuple[str, ...]:
    return (*TABLES[name], *metric_columns(name))


# Tables added after files were first written: a file without one reads as having no rows.
_LATER = frozenset({"store_category_periods", "store_hours"})
# Metric columns added later: absent from an older file, they read as NaN.
_LATER_COLUMNS = {"store_periods": ("queue_length", "utilisation")}

# Columns that number rows of another table: (table, column) -> (table, column) referred to.
_REFERENCES = {
    ("store_periods", "store"): ("stores", "store"),
    ("store_periods", "period"): ("periods", "period"),
    ("totals", "period"): ("periods", "period"),
    ("category_periods", "period"): ("periods", "period"),
    ("category_periods", "category"): ("categories", "category"),
    ("store_category_periods", "period"): ("periods", "period"),
    ("store_category_periods", "store"): ("stores", "store"),
    ("store_category_periods", "category"): ("categories", "category"),
    ("store_hours", "store"): ("stores", "store"),
    ("population", "period"): ("periods", "period"),
    ("referrals", "from_store"): ("stores", "store"),
    ("referrals", "to_store"): ("stores", "store"),
    ("platform_periods", "period"): ("periods", "period"),
    ("platform_periods", "platform"): ("platforms", "platform"),
}

# A compressed dataset can declare far more data than its file holds (a "zip bomb"); a
# column larger than this is refused rather than read into memory.
_MAX_COLUMN_BYTES = 16 * 2**30

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

# The engine writes NAME as ".NAME.tmp-<pid>-<n>" in the same directory and renames it when
# complete (sim/src/output/hdf5_writer.cpp); a killed writer leaves such a file behind.
_TEMPORARY = re.compile(r"\.(?P<final>.+)\.tmp-\d+-\d+")


def is_temporary_result(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` is named as the engine names a result file it has not finished.

    Such a file is left only by a writer that was killed; it is never a whole result, and
    directory scans (sweeps, users' scripts) should skip it.
    """
    return _TEMPORARY.fullmatch(Path(path).name) is not None


class _Damaged(Exception):
    """What is wrong with the file, without its name (added by load_results)."""


def load_results(path: str | os.PathLike[str]) -> Results:
    """Read a result file written by :meth:`Results.to_hdf5` or ``journeysim run``.

    Raises FileNotFoundError when there is no such file, and ValueError naming the file and
    what is wrong when it is not a whole journeysim result file: empty, truncated, not
    HDF5, damaged, lacking a table or column, or with tables that do not fit together.
    """
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(2, "result file not found", str(path))
    if is_temporary_result(path) and path.is_file():
        final = _TEMPORARY.fullmatch(path.name)["final"]  # type: ignore[index]
        raise ValueError(
            f"{path}: an unfinished temporary file, left by a write of {final} that was "
            "stopped (the process killed); it is never a whole result: delete it"
        )
    try:
        file = _open(path)
        with file:
            meta = _read_meta(file)
            tables = {
                name: _read_table(file, name) if name in file else _empty_table(name)
                for name in TABLES
            }
        _check_consistent(tables, meta)
    except _Damaged as error:
        raise ValueError(f"{path}: {error}") from None
    meta.setdefault("scenario_name", path.stem)
    return Results(tables, meta)


def _open(path: Path) -> h5py.File:
    if path.is_dir():
        raise _Damaged("is a directory, not a result file")
    size = path.stat().st_size
    if size == 0:
        raise _Damaged("empty file, not a result file")
    try:
        return h5py.File(path, "r")
    except OSError as error:
        text = _first_line(error)
        truncated = re.search(r"truncated file: eof = (\d+).*stored_eof = (\d+)", text)
        if truncated:
            have, want = truncated.groups()
            raise _Damaged(
                f"truncated HDF5 file ({have} of {want} bytes; copied or written "
                "incompletely?)"
            ) from None
        if "signature not found" in text:
            raise _Damaged("not an HDF5 file (no HDF5 signature)") from None
        raise _Damaged(f"cannot be opened as HDF5 ({text})") from None


def _read_meta(file: h5py.File) -> dict[str, Any]:
    meta_object = _member(file, "meta", what="group /meta", missing="not a journeysim "
                          "result file (no /meta group)")
    try:
        meta = {key: _attribute(value) for key, value in meta_object.attrs.items()}
    except (OSError, KeyError, RuntimeError, TypeError, ValueError) as error:
        raise _Damaged(f"damaged /meta attributes ({_first_line(error)})") from None
    lacking = [key for key in _META if key not in meta]
    lacking += [f"/{name}" for name in TABLES if name not in file and name not in _LATER]
    if lacking:
        raise _Damaged(f"not a complete journeysim result file (missing: {', '.join(lacking)})")
    if not isinstance(meta["scenario"], str):
        raise _Damaged("/meta attribute 'scenario' is not text")
    for key, low in (("seed", 0), ("replications", 1)):
        value = meta[key]
        if isinstance(value, bool) or not isinstance(value, int) or value < low:
            raise _Damaged(f"/meta attribute '{key}' must be an integer >= {low} (got {value!r})")
    return meta


def _member(parent: h5py.Group, name: str, *, what: str, missing: str) -> Any:
    """``parent[name]`` through a hard link only; _Damaged when absent or unreadable."""
    try:
        link = parent.get(name, getlink=True)
    except (OSError, KeyError, RuntimeError) as error:
        raise _Damaged(f"damaged {what} ({_first_line(error)})") from None
    if link is None:
        raise _Damaged(missing)
    if not isinstance(link, h5py.HardLink):
        raise _Damaged(f"{what} is a link elsewhere ({type(link).__name__}); refused")
    try:
        return parent[name]
    except (OSError, KeyError, RuntimeError, ValueError) as error:
        raise _Damaged(f"damaged {what} ({_first_line(error)})") from None


def _empty_table(name: str) -> dict[str, np.ndarray]:
    """A table that files written before it existed lack (``_LATER``): no rows."""
    return {column: np.zeros(0, dtype=np.int64) for column in _required(name)}


def _read_table(file: h5py.File, name: str) -> dict[str, np.ndarray]:
    group = _member(file, name, what=f"table /{name}", missing=f"missing table /{name}")
    if not isinstance(group, h5py.Group):
        raise _Damaged(f"/{name} is not a group of columns")
    try:
        names = list(group)
    except (OSError, KeyError, RuntimeError) as error:
        raise _Damaged(f"damaged table /{name} ({_first_line(error)})") from None
    later = _LATER_COLUMNS.get(name, ())
    absent = [c for c in _required(name) if c not in names and c not in later]
    if absent:
        raise _Damaged(f"table /{name} lacks the columns {', '.join(absent)}")
    columns = {
        column: _read_column(
            _member(group, column, what=f"column /{name}/{column}", missing="?"),
            f"/{name}/{column}",
        )
        for column in names
    }
    rows = len(next(iter(columns.values()))) if columns else 0
    for column in later:
        columns.setdefault(column, np.full(rows, np.nan))  # not measured then
    lengths = [len(values) for values in columns.values()]
    if len(set(lengths)) > 1:
        usual = max(set(lengths), key=lengths.count)
        odd = ", ".join(
            f"{column} has {len(values)}" for column, values in columns.items()
            if len(values) != usual
        )
        raise _Damaged(
            f"table /{name} has columns of unequal length ({odd} rows, the others {usual})"
        )
    return columns


def _plain_column(dataset: Any, where: str) -> h5py.Dataset:
    """``dataset`` if it is a 1-D dataset whose data lives in this file, else _Damaged."""
    if not isinstance(dataset, h5py.Dataset):
        raise _Damaged(f"{where} is not a dataset")
    if dataset.external or dataset.is_virtual:
        raise _Damaged(f"{where} keeps its data in other files; refused")
    if dataset.ndim != 1:
        raise _Damaged(f"{where} is not 1-D (shape {dataset.shape})")
    return dataset


def _read_column(dataset: Any, where: str) -> np.ndarray:
    dataset = _plain_column(dataset, where)
    if dataset.size * dataset.dtype.itemsize > _MAX_COLUMN_BYTES:
        raise _Damaged(
            f"{where} declares {dataset.size:,} values of {dataset.dtype.itemsize} bytes, "
            f"more than the {_MAX_COLUMN_BYTES // 2**30} GiB a column may hold; refused"
        )
    try:
        if h5py.check_string_dtype(dataset.dtype) is not None:
            return np.asarray(dataset.asstr()[()], dtype=str)
        if dataset.dtype.kind not in "iuf":
            raise _Damaged(f"{where} is neither numbers nor text (dtype {dataset.dtype})")
        return np.asarray(dataset[()])
    except (OSError, KeyError, RuntimeError, TypeError, ValueError, UnicodeDecodeError) as error:
        # The checksum is the first filter undone on read, so damage to a chunk's stored
        # bytes fails there; h5py reports it as a failed filter.
        if dataset.fletcher32 and "filter returned failure" in str(error):
            raise _Damaged(
                f"column {where} is damaged (checksum: its stored values were altered "
                "after writing)"
            ) from None
        raise _Damaged(f"damaged column {where} ({_first_line(error)})") from None


def _check_consistent(tables: dict[str, dict[str, np.ndarray]], meta: dict[str, Any]) -> None:
    """The cross-table facts Results relies on: codes that index other tables, dates."""
    for name in TABLES:
        required = _required(name)
        for column in required:
            values = tables[name][column]
            numeric = column not in ("name", "type", "date", "carries")
            if numeric and values.dtype.kind not in "iuf":
                raise _Damaged(f"column /{name}/{column} is not numeric")
    stores = tables["stores"]["store"]
    if not np.array_equal(np.sort(stores), np.arange(len(stores))):
        raise _Damaged("column /stores/store is not 0..n-1 (the rows of /stores)")
    for (name, column), (other, key) in _REFERENCES.items():
        unknown = ~np.isin(tables[name][column], tables[other][key])
        if unknown.any():
            value = tables[name][column][unknown][0]
            raise _Damaged(f"/{name}/{column} refers to {value}, which /{other} lacks")
    categories = tables["categories"]["category"]
    if not np.array_equal(categories, np.arange(len(categories))):
        raise _Damaged("column /categories/category is not 0..n-1 in order")
    for name in (
        "store_periods",
        "totals",
        "category_periods",
        "store_category_periods",
        "store_hours",
        "population",
        "referrals",
        "platform_periods",
        "replications",
    ):
        replication = tables[name]["replication"]
        outside = (replication < 0) | (replication >= meta["replications"])
        if outside.any():
            raise _Damaged(
                f"/{name}/replication holds {replication[outside][0]}, outside the "
                f"{meta['replications']} replication(s) /meta declares"
            )
    bad = [date for date in tables["periods"]["date"] if not _is_date(str(date))]
    if bad:
        raise _Damaged(f"/periods/date holds {bad[0]!r}, not a YYYY-MM-DD date")


def _is_date(text: str) -> bool:
    if not _DATE.fullmatch(text):
        return False
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _first_line(error: BaseException) -> str:
    lines = str(error).strip().splitlines()
    return lines[0].strip() if lines else type(error).__name__


def _attribute(value: Any) -> Any:
    """An attribute as a plain Python value (strings decoded, numpy scalars unwrapped)."""
    if isinstance(value, bytes):
        return value.decode("utf-8")
    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = value[()]
    if isinstance(value, np.generic):
        value = value.item()
    return value.decode("utf-8") if isinstance(value, bytes) else value
