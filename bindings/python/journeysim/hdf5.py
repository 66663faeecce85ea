"""Reading result files.

Result files are written by the engine (``Results.to_hdf5``) and read here with h5py
alone, as any other program can read them: ``/meta`` holds the run's attributes, and each
other group is a table with one 1-D dataset per column (``docs/output.md``).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import h5py
import numpy as np

from journeysim.results import TABLES, Results

__all__ = ["load_results"]

_META = ("journeysim_version", "scenario", "seed", "replications")


def load_results(path: str | os.PathLike[str]) -> Results:
    """Read a result file written by :meth:`Results.to_hdf5` or ``journeysim run``.

    Raises FileNotFoundError when there is no such file, and ValueError naming the file and
    what is missing when it is not a journeysim result file.
    """
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(2, "result file not found", str(path))
    try:
        file = h5py.File(path, "r")
    except OSError as error:
        raise ValueError(f"{path}: not an HDF5 file ({error})") from None
    with file:
        if "meta" not in file:
            raise ValueError(f"{path}: not a journeysim result file (no /meta group)")
        meta = {key: _attribute(value) for key, value in file["meta"].attrs.items()}
        lacking = [key for key in _META if key not in meta]
        lacking += [f"/{name}" for name in TABLES if name not in file]
        if lacking:
            raise ValueError(
                f"{path}: not a complete journeysim result file (missing: {', '.join(lacking)})"
            )
        tables = {
            name: _read_table(group)
            for name, group in file.items()
            if name != "meta" and isinstance(group, h5py.Group)
        }
    for name, required in TABLES.items():
        absent = [column for column in required if column not in tables[name]]
        if absent:
            raise ValueError(f"{path}: table /{name} lacks the columns {', '.join(absent)}")
    meta.setdefault("scenario_name", path.stem)
    return Results(tables, meta)


def _read_table(group: h5py.Group) -> dict[str, np.ndarray]:
    return {
        name: _read_column(dataset)
        for name, dataset in group.items()
        if isinstance(dataset, h5py.Dataset)
    }


def _read_column(dataset: h5py.Dataset) -> np.ndarray:
    if h5py.check_string_dtype(dataset.dtype) is not None:
        return np.asarray(dataset.asstr()[()], dtype=str)
    return np.asarray(dataset[()])


def _attribute(value: Any) -> Any:
    """An attribute as a plain Python value (strings decoded, numpy scalars unwrapped)."""
    if isinstance(value, bytes):
        return value.decode("utf-8")
    if isinstance(value, np.ndarray) and value.ndim == 0:
        value = value[()]
    if isinstance(value, np.generic):
        value = value.item()
    return value.decode("utf-8") if isinstance(value, bytes) else value
